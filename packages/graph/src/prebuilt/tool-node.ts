import { isCommand } from "../command.ts";
import { GraphInputError, GraphInterrupt, isGraphInterrupt } from "../errors.ts";
import { hasMessageType } from "../messages/base-message.ts";
import { type ToolCall, ToolMessage } from "../messages/index.ts";
import { callConfig } from "../models/call-config.ts";
import { toContent } from "../tools/tool.ts";
import type { ToolLike, ToolRuntime } from "../tools/tool-types.ts";
import type { LangGraphRunnableConfig } from "../types.ts";
import { isControlFlowError } from "./bubble-up.ts";
import { combineToolOutputs } from "./combine-tool-outputs.ts";

/**
 * What a failing tool call turns into: `true` → an error `ToolMessage` with the error's
 * message; a string → that text; a function → its return value; `false` → the error is
 * thrown and the node fails.
 */
export type HandleToolErrors = boolean | string | ((error: unknown, call: ToolCall) => string);

/** Options of {@link ToolNode}. */
export interface ToolNodeOptions {
  /** @default "tools" */
  name?: string;
  /** Tags added to the config of every tool call. */
  tags?: string[];
  /** @default true */
  handleToolErrors?: HandleToolErrors;
}

/** Input of a `ToolNode` reached through `Send`: the state plus the one call to run. */
export interface ToolCallInput {
  lg_tool_call: ToolCall;
  [key: string]: unknown;
}

function isToolCallInput(input: unknown): input is ToolCallInput {
  return typeof input === "object" && input !== null && "lg_tool_call" in input;
}

/**
 * A graph node that runs the tool calls of the last AI message, all at once, and answers
 * each with a `ToolMessage` (`{ messages: [...] }`, or a list when the state is a list).
 * Calls already answered by a `ToolMessage` are skipped. A failing tool becomes an error
 * `ToolMessage` (`status: "error"`) so the model can recover, unless `handleToolErrors` is
 * `false`; `interrupt()` inside a tool always pauses the run. Tools that return `Command`s
 * are combined into one command. Reached with `Send("tools", { ...state, lg_tool_call })`,
 * it runs that one call.
 *
 * @example
 * const graph = new StateGraph(MessagesAnnotation)
 *   .addNode("agent", callModel)
 *   .addNode("tools", new ToolNode([getWeather]))
 *   .addEdge(START, "agent")
 *   .addConditionalEdges("agent", toolsCondition, ["tools", END])
 *   .addEdge("tools", "agent")
 *   .compile();
 */
export class ToolNode {
  readonly name: string;
  readonly tags: readonly string[];
  readonly tools: readonly ToolLike[];
  readonly handleToolErrors: HandleToolErrors;
  private readonly byName: Map<string, ToolLike>;

  constructor(tools: readonly ToolLike[], options: ToolNodeOptions = {}) {
    this.name = options.name ?? "tools";
    this.tags = options.tags ?? [];
    this.tools = tools;
    this.handleToolErrors = options.handleToolErrors ?? true;
    this.byName = new Map(tools.map((tool) => [tool.name, tool]));
  }

  /** Runs the pending tool calls of `input` (the state, a message list, or a `Send` payload). */
  async invoke(input: unknown, config?: LangGraphRunnableConfig): Promise<unknown> {
    const base = callConfig(config, this.tags.length > 0 ? { tags: [...this.tags] } : undefined);
    let outputs: unknown[];
    let asList = false;
    if (isToolCallInput(input)) {
      const { lg_tool_call: call, ...state } = input;
      outputs = await this.runAll([call], base, state);
    } else {
      asList = Array.isArray(input);
      const messages = asList
        ? (input as unknown[])
        : (input as { messages?: unknown } | null)?.messages;
      if (!Array.isArray(messages)) {
        throw new GraphInputError(
          "INVALID_INPUT",
          "ToolNode expects a state with a `messages` list, a list of messages, or a Send payload with `lg_tool_call`.",
        );
      }
      outputs = await this.runAll(pendingCalls(messages), base, input);
    }
    return combineToolOutputs(outputs, asList);
  }

  private async runAll(
    calls: ToolCall[],
    config: LangGraphRunnableConfig,
    state: unknown,
  ): Promise<unknown[]> {
    const settled = await Promise.allSettled(calls.map((call) => this.runOne(call, config, state)));
    const failures = settled.flatMap((result) =>
      result.status === "rejected" ? [result.reason] : [],
    );
    if (failures.length > 0) {
      // Every tool that paused is reported, each interrupt with its own id, so a map resume
      // answers each tool call with its own value (a single rethrow would hide the others).
      if (failures.length > 1 && failures.every(isGraphInterrupt)) {
        throw new GraphInterrupt(failures.flatMap((error) => error.interrupts));
      }
      throw failures.find((error) => !isGraphInterrupt(error)) ?? failures[0];
    }
    return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value);
  }

  private async runOne(
    call: ToolCall,
    config: LangGraphRunnableConfig,
    state: unknown,
  ): Promise<unknown> {
    try {
      const tool = this.byName.get(call.name);
      if (!tool) {
        const known = [...this.byName.keys()].join(", ");
        throw new Error(`Tool "${call.name}" not found. Available tools: ${known}.`);
      }
      const runtime: ToolRuntime = {
        ...config,
        state,
        toolCall: { ...call, type: "tool_call" },
        toolCallId: call.id ?? "",
      };
      const output = await tool.invoke({ ...call, type: "tool_call" }, runtime);
      if (isCommand(output) || hasMessageType(output, "tool")) return output;
      return new ToolMessage({
        content: toContent(output),
        name: tool.name,
        tool_call_id: call.id ?? "",
        status: "success",
      });
    } catch (error) {
      if (isControlFlowError(error) || config.signal?.aborted) throw error;
      if (this.handleToolErrors === false) throw error;
      return new ToolMessage({
        content: this.errorContent(error, call),
        name: call.name,
        tool_call_id: call.id ?? "",
        status: "error",
      });
    }
  }

  private errorContent(error: unknown, call: ToolCall): string {
    const handler = this.handleToolErrors;
    if (typeof handler === "string") return handler;
    if (typeof handler === "function") return handler(error, call);
    const message = error instanceof Error ? error.message : String(error);
    return `Error: ${message}\n Please fix your mistakes.`;
  }
}

/** The tool calls of the last AI message that no `ToolMessage` answers yet. */
function pendingCalls(messages: readonly unknown[]): ToolCall[] {
  const answered = new Set<string>();
  for (const message of messages) {
    if (hasMessageType(message, "tool")) answered.add((message as ToolMessage).tool_call_id);
  }
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (hasMessageType(message, "ai")) {
      const calls = ((message as { tool_calls?: ToolCall[] }).tool_calls ?? []) as ToolCall[];
      return calls.filter((call) => call.id == null || !answered.has(call.id));
    }
  }
  throw new GraphInputError("INVALID_INPUT", "ToolNode found no AI message in its input.");
}
