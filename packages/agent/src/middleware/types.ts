import type {
  AIMessage,
  AnyStateLike,
  BaseMessage,
  Command,
  InferSchemaOutput,
  MessageContent,
  RunnableConfig,
  StandardSchemaV1,
  StateType,
  StreamWriter,
  SystemMessage,
  ToolCall,
  ToolLike,
  ToolMessage,
  UpdateType,
} from "@weft/graph";
import type { ChatModelLike } from "@weft/graph/prebuilt";
import type { BaseStore } from "@weft/store";

/**
 * The public middleware contract of `createAgent`: hook signatures, the requests the
 * wrap-style hooks receive and the results node-style hooks may return.
 *
 * Built-in middleware (`src/middleware/builtin/`) is written against this file, so it
 * only ever grows: fields and types are added, never renamed or removed.
 */

/** A value or a promise of it: every hook may be sync or async. */
export type PromiseOrValue<T> = T | Promise<T>;

/** Where a node-style hook may send the agent next. */
export const JUMP_TO_TARGETS = ["model", "tools", "end"] as const;

/**
 * A jump target: `"model"` (the first `beforeModel` hook, or the model), `"tools"` (the
 * tools node) or `"end"` (the first `afterAgent` hook, or the end of the run).
 */
export type JumpToTarget = (typeof JUMP_TO_TARGETS)[number];

/** The state every agent has, whatever its middleware adds. */
export interface AgentBuiltInState {
  /** The conversation: human, AI, tool and system messages, appended by the agent. */
  messages: BaseMessage[];
  /**
   * The parsed structured output when the agent has a `responseFormat`. Typed loosely
   * here because middleware cannot see the agent's response type.
   */
  structuredResponse?: Record<string, unknown>;
}

/**
 * What every hook receives as `runtime`: the run's static `context` (validated by the
 * agent's and the middleware's `contextSchema`), the long-term `store`, the custom stream
 * `writer`, the abort `signal` and the run `config`.
 *
 * @example
 * beforeModel: (state, runtime) => {
 *   runtime.writer?.({ progress: `user ${runtime.context.userId}` });
 * }
 */
export interface Runtime<TContext = AgentContext> {
  /** Per-run, read-only data from `invoke(input, { context })`. */
  readonly context: TContext;
  /** The store given to `createAgent({ store })` (or by the server), if any. */
  readonly store?: BaseStore;
  /** Emits to the `custom` stream mode; a no-op when nobody streams it. */
  readonly writer?: StreamWriter;
  /** Aborted when the run is cancelled. */
  readonly signal?: AbortSignal;
  /** `config.configurable` of the run (`thread_id`, `checkpoint_ns`, ...). */
  readonly configurable?: { thread_id?: string; [key: string]: unknown };
  /**
   * Pauses the run for a human and returns the resume value once resumed with
   * `Command({ resume })` (the graph's `interrupt`).
   */
  readonly interrupt: <Resume = unknown>(value: unknown) => Resume;
  /** The whole run config, for passing on to nested runnables. */
  readonly config: RunnableConfig;
}

/** The context type of a hook when no `contextSchema` declares it. */
export type AgentContext = Record<string, unknown>;

/** A context declaration: a zod object (or any Standard Schema) describing `runtime.context`. */
export type ContextSchemaLike = StandardSchemaV1;

/** The context type a `contextSchema` declares (the schema's output). */
export type InferContext<TContextSchema> = [TContextSchema] extends [undefined]
  ? AgentContext
  : TContextSchema extends StandardSchemaV1
    ? InferSchemaOutput<TContextSchema>
    : AgentContext;

/** The full state a hook of a middleware with this `stateSchema` sees. */
export type MiddlewareState<TSchema> = [TSchema] extends [undefined]
  ? AgentBuiltInState
  : TSchema extends AnyStateLike
    ? StateType<TSchema> & AgentBuiltInState
    : AgentBuiltInState;

/** The update a hook of a middleware with this `stateSchema` may return. */
export type MiddlewareUpdate<TSchema> = [TSchema] extends [undefined]
  ? Partial<AgentBuiltInState>
  : TSchema extends AnyStateLike
    ? Partial<UpdateType<TSchema>> & Partial<AgentBuiltInState>
    : Partial<AgentBuiltInState>;

/**
 * What a node-style hook returns: nothing (no change), or a state update, optionally
 * with `jumpTo` (honoured only when the hook declares the target in `canJumpTo`).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: hooks that only observe have no return statement
export type MiddlewareResult<TUpdate> = (TUpdate & { jumpTo?: JumpToTarget }) | undefined | void;

/** A node-style hook: runs as its own graph node and returns a state update. */
export type NodeHookHandler<TSchema = undefined, TContext = AgentContext> = (
  state: MiddlewareState<TSchema>,
  runtime: Runtime<TContext>,
) => PromiseOrValue<MiddlewareResult<MiddlewareUpdate<TSchema>>>;

/**
 * A node-style hook as given to `createMiddleware`: the function, or `{ hook, canJumpTo }`
 * to declare which jumps it may take.
 *
 * @example
 * beforeModel: {
 *   canJumpTo: ["end"],
 *   hook: (state) => (state.messages.length > 50 ? { jumpTo: "end" } : undefined),
 * }
 */
export type NodeHook<TSchema = undefined, TContext = AgentContext> =
  | NodeHookHandler<TSchema, TContext>
  | { hook: NodeHookHandler<TSchema, TContext>; canJumpTo?: readonly JumpToTarget[] };

/** Runs once per invocation, before anything else. */
export type BeforeAgentHook<TSchema = undefined, TContext = AgentContext> = NodeHook<
  TSchema,
  TContext
>;
/** Runs before each model call (before the `wrapModelCall` chain). */
export type BeforeModelHook<TSchema = undefined, TContext = AgentContext> = NodeHook<
  TSchema,
  TContext
>;
/** Runs after each model reply, before any tool runs. */
export type AfterModelHook<TSchema = undefined, TContext = AgentContext> = NodeHook<
  TSchema,
  TContext
>;
/** Runs once per invocation, after the agent loop ends. */
export type AfterAgentHook<TSchema = undefined, TContext = AgentContext> = NodeHook<
  TSchema,
  TContext
>;

/** Which tool the model must call in this step. */
export type ModelToolChoice =
  | "auto"
  | "none"
  | "required"
  | "any"
  | { type: "function"; function: { name: string } };

/**
 * A tool as offered to the model: a runnable tool (Weft `tool()`, a `@langchain/core`
 * tool, an MCP tool) or a named provider-side tool definition passed through as it is.
 */
export type AgentTool = ToolLike | (Record<string, unknown> & { name: string });

/** A `SystemMessage` that can be extended with more text or blocks (see `ModelRequest.systemMessage`). */
export interface ConcatenableSystemMessage extends SystemMessage {
  /** A new system message: this one's content followed by `other`'s, as content blocks. */
  concat(other: string | { content: MessageContent }): ConcatenableSystemMessage;
}

/**
 * One model call as `wrapModelCall` sees it. Change it by passing a modified copy to the
 * handler: `handler({ ...request, tools: fewer })`.
 */
export interface ModelRequest<TState = AgentBuiltInState, TContext = AgentContext> {
  /** The model for this call (an instance; strings are resolved before the chain runs). */
  model: ChatModelLike;
  /** The conversation sent to the model, without the system message. */
  messages: BaseMessage[];
  /**
   * The system prompt as text ("" when there is none).
   * @deprecated Prefer {@link ModelRequest.systemMessage}; when both are changed, `systemMessage` wins.
   */
  systemPrompt: string;
  /**
   * The system message sent first (empty when the agent has no system prompt). Extend it
   * with `concat`, which keeps the content blocks other middleware added.
   */
  systemMessage: ConcatenableSystemMessage;
  /** The tools offered in this call (a subset of the agent's tools, or new ones). */
  tools: AgentTool[];
  /** Force or forbid tool calls for this call. */
  toolChoice?: ModelToolChoice;
  /**
   * Structured output for this call: what `createAgent({ responseFormat })` accepts
   * (zod schema, JSON schema, `toolStrategy(...)`, `providerStrategy(...)`).
   */
  responseFormat?: unknown;
  /** The agent state when the call starts. */
  state: TState & AgentBuiltInState;
  /** Context, store, writer and signal of the run. */
  runtime: Runtime<TContext>;
  /** Extra settings bound to the model for this call (provider options). */
  modelSettings?: Record<string, unknown>;
  /**
   * A copy of this request with `changes` applied: `handler(request.override({ tools }))`
   * is the same as `handler({ ...request, tools })`.
   */
  override(
    changes: Partial<Omit<ModelRequest<TState, TContext>, "override">>,
  ): ModelRequest<TState, TContext>;
}

/**
 * Calls the next `wrapModelCall` (or the model itself) with a request and returns its
 * reply. `systemPrompt` and `systemMessage` may be omitted, to drop the system message.
 */
export type WrapModelCallHandler<TState = AgentBuiltInState, TContext = AgentContext> = (
  request: Omit<ModelRequest<TState, TContext>, "systemPrompt" | "systemMessage"> & {
    systemPrompt?: string;
    systemMessage?: SystemMessage;
  },
) => Promise<AIMessage>;

/**
 * Wraps each model call. Call `handler` zero times (answer without the model), once, or
 * several times (retry, fallback); return the reply, or a `Command` to update state and
 * route the agent.
 *
 * @example
 * wrapModelCall: async (request, handler) => {
 *   try {
 *     return await handler(request);
 *   } catch {
 *     return handler({ ...request, model: fallbackModel });
 *   }
 * }
 */
export type WrapModelCallHook<TSchema = undefined, TContext = AgentContext> = (
  request: ModelRequest<MiddlewareState<TSchema>, TContext>,
  handler: WrapModelCallHandler<MiddlewareState<TSchema>, TContext>,
) => PromiseOrValue<AIMessage | Command>;

/** One tool call as `wrapToolCall` sees it. */
export interface ToolCallRequest<TState = AgentBuiltInState, TContext = AgentContext> {
  /** The call the model made: `{ name, args, id, type: "tool_call" }`. */
  toolCall: ToolCall;
  /**
   * The tool that will run, or `undefined` when no registered tool has that name; a
   * middleware may supply one with `handler({ ...request, tool })`.
   */
  tool: ToolLike | undefined;
  /** The agent state when the tools node started. */
  state: TState & AgentBuiltInState;
  /** Context, store, writer and signal of the run. */
  runtime: Runtime<TContext>;
}

/** Runs the next `wrapToolCall` (or the tool itself) and returns its result. */
export type ToolCallHandler<TState = AgentBuiltInState, TContext = AgentContext> = (
  request: ToolCallRequest<TState, TContext>,
) => Promise<ToolMessage | Command>;

/**
 * Wraps each tool call: change the call, retry it, answer it without running the tool, or
 * turn its result into a `Command`.
 *
 * @example
 * wrapToolCall: async (request, handler) => {
 *   if (request.toolCall.name === "delete_all") {
 *     return new ToolMessage({ content: "Not allowed", tool_call_id: request.toolCall.id ?? "" });
 *   }
 *   return handler(request);
 * }
 */
export type WrapToolCallHook<TSchema = undefined, TContext = AgentContext> = (
  request: ToolCallRequest<MiddlewareState<TSchema>, TContext>,
  handler: ToolCallHandler<MiddlewareState<TSchema>, TContext>,
) => PromiseOrValue<ToolMessage | Command>;

/** Brands middleware objects made by `createMiddleware` (plain objects are accepted too). */
export const MIDDLEWARE_BRAND: unique symbol = Symbol.for("weft.agent.middleware");

/**
 * A middleware: a name, optional state and context schemas, extra tools, and any of the
 * six hooks. Build it with `createMiddleware`.
 *
 * @typeParam TSchema - the state fields it adds (zod object, `StateSchema` or `Annotation.Root`)
 * @typeParam TContextSchema - the `runtime.context` it expects (zod object)
 * @typeParam TContext - the context type its hooks see (inferred from `TContextSchema`)
 */
export interface AgentMiddleware<
  TSchema extends AnyStateLike | undefined = any,
  TContextSchema extends ContextSchemaLike | undefined = any,
  TContext = InferContext<TContextSchema>,
> {
  /** Unique within one agent; names the hook nodes (`<name>.before_model`, ...). */
  readonly name: string;
  /** State fields this middleware adds; fields starting with `_` are left out of results. */
  readonly stateSchema?: TSchema;
  /** Shape of the `runtime.context` its hooks read. */
  readonly contextSchema?: TContextSchema;
  /** Tools the middleware adds to the agent's tools. */
  readonly tools?: readonly ToolLike[];
  readonly beforeAgent?: BeforeAgentHook<TSchema, TContext>;
  readonly beforeModel?: BeforeModelHook<TSchema, TContext>;
  readonly afterModel?: AfterModelHook<TSchema, TContext>;
  readonly afterAgent?: AfterAgentHook<TSchema, TContext>;
  readonly wrapModelCall?: WrapModelCallHook<TSchema, TContext>;
  readonly wrapToolCall?: WrapToolCallHook<TSchema, TContext>;
  readonly [MIDDLEWARE_BRAND]?: true;
}

/** Any middleware, whatever its schemas: the element type of `createAgent({ middleware })`. */
export type AnyAgentMiddleware = AgentMiddleware<any, any, any>;

/** The names of the four node-style hooks, in lifecycle order. */
export const NODE_HOOK_NAMES = ["beforeAgent", "beforeModel", "afterModel", "afterAgent"] as const;

/** One of `beforeAgent`, `beforeModel`, `afterModel`, `afterAgent`. */
export type NodeHookName = (typeof NODE_HOOK_NAMES)[number];
