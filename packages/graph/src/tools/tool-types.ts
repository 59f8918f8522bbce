import type { ToolCall } from "../messages/index.ts";
import type { StateType } from "../state/state-types.ts";
import type { AnyStateLike } from "../state/to-state-definition.ts";
import type { LangGraphRunnableConfig } from "../types.ts";

/** The state a tool sees: the values of a state schema, or the type given as it is. */
type ToolState<State> = State extends AnyStateLike ? StateType<State> : State;

/**
 * What a tool function receives as its second argument: the run's config (context,
 * store, writer, signal, metadata) plus the call being answered and, inside a
 * `ToolNode` or an agent, the graph state. `State` may be a state schema
 * (`ToolRuntime<typeof AgentState>`) or the state's type.
 *
 * `toolCallId` and `state` are typed as present, as in the peer, because tools are
 * written for the agent loop where they always are. Invoked directly with plain
 * arguments, a tool gets `toolCallId: ""` and no `state`.
 */
export type ToolRuntime<State = any, Context = any> = LangGraphRunnableConfig<Context> & {
  /** The tool call being answered, when the tool was invoked with one. */
  toolCall?: ToolCall;
  /** Same as `toolCall.id`; `""` when the tool was invoked with plain arguments. */
  toolCallId: string;
  /** The state of the graph the `ToolNode` runs in. */
  state: ToolState<State>;
};

/** What a caller passes to a tool's `invoke`: a run config, with the call and state when known. */
export type ToolInvokeConfig = LangGraphRunnableConfig &
  Partial<Pick<ToolRuntime, "toolCall" | "toolCallId" | "state">>;

/**
 * Any tool Weft can bind to a model and run: Weft's own (`tool()`), a `@langchain/core`
 * `StructuredTool`, or any object of this shape. `invoke` receives either the arguments or
 * a whole tool call (`{ name, args, id, type: "tool_call" }`); given a tool call it should
 * answer with a `ToolMessage` (or a `Command`).
 */
export interface ToolLike {
  name: string;
  description?: string;
  /** Arguments schema: a zod schema (or another Standard Schema) or a JSON Schema. */
  schema?: unknown;
  /** Stop the agent loop after this tool ran and return its result. @default false */
  returnDirect?: boolean;
  invoke(input: any, config?: any): Promise<unknown> | unknown;
}

/** A tool as the model sees it: name, description and JSON Schema of the arguments. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  /** OpenAI strict mode for this function. */
  strict?: boolean;
}

/** True for anything usable as a tool (a `name` and an `invoke` method). */
export function isToolLike(value: unknown): value is ToolLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { name?: unknown }).name === "string" &&
    typeof (value as { invoke?: unknown }).invoke === "function"
  );
}

/** True for a tool call object (`type: "tool_call"`), as `ToolNode` passes to `invoke`. */
export function isToolCall(value: unknown): value is ToolCall {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "tool_call" &&
    typeof (value as { name?: unknown }).name === "string"
  );
}
