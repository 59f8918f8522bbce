import {
  type BaseMessage,
  type Command,
  isCommand,
  isGraphBubbleUp,
  type LangGraphRunnableConfig,
  type ToolCall,
  ToolInputError,
  type ToolLike,
  ToolMessage,
  type ToolRuntime,
} from "@weft/graph";
import { ToolNode } from "@weft/graph/prebuilt";
import type { AnyAgentMiddleware, ToolCallHandler, ToolCallRequest } from "../middleware/types.ts";
import { runtimeFor } from "./runtime.ts";
import { messageType, pendingToolCalls } from "./topology.ts";

type State = Record<string, unknown> & { messages: BaseMessage[] };

/**
 * The `tools` node: runs the pending tool calls of the last AI message in parallel, each
 * through the `wrapToolCall` chain (first middleware outermost). It delegates the
 * parallel run, interrupt collection and `Command` merging to `ToolNode`, giving it one
 * adapter per called name whose `invoke` is the chain — so a middleware can also answer
 * calls of tools the agent does not register.
 *
 * Errors: a failing tool becomes an error `ToolMessage` the model can react to. With
 * `wrapToolCall` middleware, only invalid-argument errors are turned into messages;
 * anything else leaving the chain fails the run (a middleware that wants a message
 * returns one), as the peer does.
 */
export function toolsNode(
  tools: readonly ToolLike[],
  wrappers: readonly AnyAgentMiddleware[],
  structuredToolNames: ReadonlySet<string>,
) {
  const registered = new Map(tools.map((t) => [t.name, t]));
  return async (state: State, config: LangGraphRunnableConfig) => {
    const calls = pendingToolCalls(state.messages).filter((c) => !structuredToolNames.has(c.name));
    const names = [...new Set(calls.map((c) => c.name))];
    const adapters = names.map((name) =>
      adapter(name, registered.get(name), wrappers, config, [...registered.keys()]),
    );
    const node = new ToolNode(adapters, { handleToolErrors: false });
    return node.invoke(state, config);
  };
}

function adapter(
  name: string,
  tool: ToolLike | undefined,
  wrappers: readonly AnyAgentMiddleware[],
  config: LangGraphRunnableConfig,
  available: readonly string[],
): ToolLike {
  return {
    name,
    description: tool?.description,
    schema: tool?.schema,
    async invoke(input: ToolCall, toolRuntime: ToolRuntime) {
      const base = baseHandler(toolRuntime, available);
      const chain = wrappers.reduceRight<ToolCallHandler>(
        (next, m) => async (request) =>
          m.wrapToolCall!({ ...request, runtime: await runtimeFor(config, m) }, next),
        base,
      );
      const request: ToolCallRequest = {
        toolCall: { ...input },
        tool,
        state: (toolRuntime.state ?? {}) as ToolCallRequest["state"],
        runtime: await runtimeFor(config),
      };
      try {
        return await chain(request);
      } catch (error) {
        if (isControlFlow(error) || config.signal?.aborted) throw error;
        if (wrappers.length > 0 && !(error instanceof ToolInputError)) throw error;
        return new ToolMessage({
          content: `Error: ${error instanceof Error ? error.message : String(error)}\n Please fix your mistakes.`,
          tool_call_id: input.id ?? "",
          name: input.name,
          status: "error",
        });
      }
    },
  };
}

/**
 * The innermost handler: runs the request's tool (the one a middleware supplied, or the
 * registered one) with the call as the middleware left it, and wraps a plain result in a
 * `ToolMessage`. A call of an unknown tool is answered with an error message.
 */
function baseHandler(toolRuntime: ToolRuntime, available: readonly string[]): ToolCallHandler {
  return async (request) => {
    const target = request.tool;
    const call = request.toolCall;
    if (target === undefined) {
      return new ToolMessage({
        content: `Error: ${call.name} is not a valid tool, try one of [${available.join(", ")}].`,
        tool_call_id: call.id ?? "",
        name: call.name,
        status: "error",
      });
    }
    const runtime: ToolRuntime = { ...toolRuntime, toolCall: { ...call, type: "tool_call" } };
    const output = await target.invoke({ ...call, type: "tool_call" }, runtime);
    if (isCommand(output) || messageType(output) === "tool") return output as ToolMessage | Command;
    return new ToolMessage({
      content: typeof output === "string" ? output : JSON.stringify(output),
      tool_call_id: call.id ?? "",
      name: target.name,
    });
  };
}

// Interrupts and parent-graph commands travel as errors: they are control flow, never
// tool failures (the peer's are recognized by name, for tools written against it).
const PEER_CONTROL_FLOW = new Set([
  "GraphInterrupt",
  "NodeInterrupt",
  "ParentCommand",
  "GraphBubbleUp",
]);

function isControlFlow(error: unknown): boolean {
  if (isGraphBubbleUp(error)) return true;
  return PEER_CONTROL_FLOW.has((error as { name?: string } | null)?.name ?? "");
}
