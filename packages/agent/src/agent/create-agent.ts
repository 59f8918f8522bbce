import type { BaseCheckpointSaver } from "@weft/checkpoint";
import {
  type AnyStateLike,
  type Command,
  CompiledStateGraph,
  type InferSchemaInput,
  type InferSchemaOutput,
  type IterableReadableStream,
  isToolLike,
  type LangGraphRunnableConfig,
  type PregelOptions,
  START,
  type StandardSchemaV1,
  StateGraph,
  type StateType,
  type StoreLike,
  type StreamChunk,
  type StreamMode,
  type SystemMessage,
  type ToolLike,
  type WithInterrupts,
} from "@weft/graph";
import type { ChatModelLike } from "@weft/graph/prebuilt";
import type * as zc from "zod/v4/core";
import { MiddlewareError } from "../errors.ts";
import type {
  AgentBuiltInState,
  AgentMiddleware,
  AgentTool,
  AnyAgentMiddleware,
} from "../middleware/types.ts";
import {
  type ProviderStrategy,
  structuredToolNamesOf,
  type ToolStrategy,
} from "../structured/response-format.ts";
import { agentStateDeclarations } from "./agent-state.ts";
import { hookNode } from "./hook-node.ts";
import { AgentModelSource } from "./model-binding.ts";
import { modelNode } from "./model-node.ts";
import { toolsNode } from "./tools-node.ts";
import { AgentTopology, MODEL_NODE, messageType, TOOLS_NODE } from "./topology.ts";

/** The options of {@link createAgent}. */
export interface CreateAgentParams<
  TResponseFormat = undefined,
  TStateSchema extends AnyStateLike | undefined = undefined,
  TContextSchema extends StandardSchemaV1 | undefined = undefined,
  TMiddleware extends readonly AnyAgentMiddleware[] = readonly AnyAgentMiddleware[],
> {
  /**
   * The chat model: an instance (Weft or `@langchain/core`) or a `"provider:model"`
   * string resolved by `initChatModel` on first use.
   */
  model: string | ChatModelLike;
  /** The tools the model may call (middleware may add more). */
  tools?: readonly AgentTool[];
  /** Instructions sent first on every model call. */
  systemPrompt?: string | SystemMessage;
  /**
   * Ask for a structured final answer, stored in `structuredResponse`: a zod schema, a
   * JSON Schema, several (the model picks one), `toolStrategy(...)` or `providerStrategy(...)`.
   */
  responseFormat?: TResponseFormat;
  /** Extra state fields (zod object, `StateSchema` or `Annotation.Root`). */
  stateSchema?: TStateSchema;
  /** Shape of `runtime.context` (zod object); validated when a run starts. */
  contextSchema?: TContextSchema;
  /** Hooks around the agent loop, in order (see the execution order in the README). */
  middleware?: TMiddleware;
  /** Short-term memory: saves each thread's state (`configurable.thread_id`). */
  checkpointer?: BaseCheckpointSaver | boolean;
  /** Long-term memory, reached as `runtime.store` in hooks and tools. */
  store?: StoreLike;
  /** The agent's name: names the graph and the AI messages it writes (multi-agent). */
  name?: string;
  /** What the agent does (shown when it is used as a subgraph or served). */
  description?: string;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

type SchemaState<S> = [S] extends [undefined] ? {} : S extends AnyStateLike ? StateType<S> : {};

type MiddlewareStateOf<M> = M extends AgentMiddleware<infer S, any, any> ? SchemaState<S> : {};

/** The state fields every middleware of the list adds. */
export type InferMiddlewareStates<T extends readonly AnyAgentMiddleware[]> = T extends readonly []
  ? {}
  : UnionToIntersection<MiddlewareStateOf<T[number]>> & {};

type WithoutPrivate<T> = { [K in keyof T as K extends `_${string}` ? never : K]: T[K] };

/** The structured answer type of a `responseFormat`. */
export type InferResponseFormat<F> = F extends readonly ToolStrategy<infer T>[]
  ? T
  : F extends ToolStrategy<infer T>
    ? T
    : F extends ProviderStrategy<infer T>
      ? T
      : F extends readonly (infer Item)[]
        ? InferResponseFormat<Item>
        : F extends zc.$ZodType
          ? zc.output<F>
          : F extends StandardSchemaV1
            ? InferSchemaOutput<F>
            : Record<string, unknown>;

/** The full state of an agent. */
export type AgentState<
  TResponseFormat = undefined,
  TStateSchema = undefined,
  TMiddleware extends readonly AnyAgentMiddleware[] = [],
> = Omit<AgentBuiltInState, "structuredResponse"> &
  SchemaState<TStateSchema> &
  InferMiddlewareStates<TMiddleware> &
  ([TResponseFormat] extends [undefined]
    ? {}
    : { structuredResponse: InferResponseFormat<TResponseFormat> });

/** What `invoke` takes: messages (as messages, dicts or a string) and any state field. */
export type AgentInput<TState> = Partial<Omit<TState, "messages">> & {
  messages?: unknown;
};

/** The `context` a run of an agent with this `contextSchema` takes (the schema's input). */
export type AgentContextInput<TContextSchema> = [TContextSchema] extends [undefined]
  ? undefined
  : TContextSchema extends StandardSchemaV1
    ? InferSchemaInput<TContextSchema>
    : undefined;

/**
 * The run options of an agent: `context` is required when the agent's `contextSchema`
 * has required fields (so a missing field is a type error), optional otherwise. (The
 * schema also checks the context when the run starts.)
 */
export type AgentRunOptions<TContext> = Omit<PregelOptions, "context"> &
  ([TContext] extends [undefined]
    ? { context?: Record<string, unknown> }
    : {} extends TContext
      ? { context?: TContext }
      : { context: TContext });

/**
 * A compiled agent: a Weft graph (`invoke`, `stream`, `getState`, `updateState`, usable as
 * a subgraph node), plus `graph` pointing to itself for code written against the peer's
 * `ReactAgent`. `invoke` and `stream` type `context` from the agent's `contextSchema`.
 */
export type ReactAgent<TState = AgentBuiltInState, TContext = undefined> = Omit<
  CompiledStateGraph<TState, AgentInput<TState>, string, WithoutPrivate<TState>>,
  "invoke" | "stream" | "withConfig"
> & {
  /** The compiled graph (this agent itself). */
  readonly graph: ReactAgent<TState, TContext>;
  /** Runs the agent to the end (or to an interrupt) and returns its final state. */
  invoke(
    input: AgentInput<TState> | Command | null,
    options?: AgentRunOptions<TContext>,
  ): Promise<WithInterrupts<WithoutPrivate<TState>>>;
  /** Runs the agent, yielding events of the requested stream modes as they happen. */
  stream<
    const Modes extends StreamMode | readonly StreamMode[] = "updates",
    const Subgraphs extends boolean = false,
  >(
    input: AgentInput<TState> | Command | null,
    options?: AgentRunOptions<TContext> & { streamMode?: Modes; subgraphs?: Subgraphs },
  ): Promise<IterableReadableStream<StreamChunk<Modes, Subgraphs, WithoutPrivate<TState>>>>;
  /** A copy of the agent whose runs merge `config` under their own. */
  withConfig(config: LangGraphRunnableConfig): ReactAgent<TState, TContext>;
};

/**
 * Builds a tool-calling agent as a Weft graph: the model is called with the
 * conversation; while its reply calls tools, the tools run and the model is called
 * again. Middleware hooks run around it in the documented order — `beforeAgent` and
 * `beforeModel` in list order, `afterModel` and `afterAgent` in reverse, `wrapModelCall`
 * and `wrapToolCall` nested with the first middleware outermost — and may jump
 * (`jumpTo: "model" | "tools" | "end"`) where their `canJumpTo` allows.
 *
 * @throws MiddlewareError `INVALID_GRAPH_NODE_RETURN_VALUE` for two middleware with one name.
 * @throws MultipleToolsBoundError `INVALID_GRAPH` for a model that already has tools bound.
 * @example
 * const agent = createAgent({
 *   model: "openai:gpt-4.1-mini",
 *   tools: [getWeather],
 *   systemPrompt: "You are a helpful assistant.",
 * });
 * const result = await agent.invoke({ messages: [{ role: "user", content: "Weather in SF?" }] });
 */
export function createAgent<
  TResponseFormat = undefined,
  TStateSchema extends AnyStateLike | undefined = undefined,
  TContextSchema extends StandardSchemaV1 | undefined = undefined,
  const TMiddleware extends readonly AnyAgentMiddleware[] = [],
>(
  params: CreateAgentParams<TResponseFormat, TStateSchema, TContextSchema, TMiddleware>,
): ReactAgent<
  AgentState<TResponseFormat, TStateSchema, TMiddleware>,
  AgentContextInput<TContextSchema>
> {
  if (params?.model === undefined || params.model === null) {
    throw new TypeError("`model` option is required to create an agent.");
  }
  const middleware = [...(params.middleware ?? [])] as AnyAgentMiddleware[];
  assertUniqueNames(middleware);
  const tools: AgentTool[] = [
    ...(params.tools ?? []),
    ...middleware.flatMap((m) => [...(m.tools ?? [])]),
  ];
  const runnableTools = tools.filter(isToolLike) as ToolLike[];
  const toolWrappers = middleware.filter((m) => m.wrapToolCall !== undefined);
  const hasTools = runnableTools.length > 0 || toolWrappers.length > 0;
  const topology = new AgentTopology(middleware, hasTools);
  const structuredToolNames = new Set<string>(structuredToolNamesOf(params.responseFormat));
  const declarations = agentStateDeclarations(params.stateSchema, middleware);

  const graph = new StateGraph(
    { state: declarations.state, output: declarations.output },
    params.contextSchema !== undefined ? { contextSchema: params.contextSchema } : {},
  ) as unknown as StateGraph<AnyStateLike, any, any, string>;

  for (const slot of topology.hooks) {
    graph.addNode(slot.node, hookNode(slot, topology, structuredToolNames) as never, {
      ends: topology.destinations(slot),
    });
  }
  graph.addNode(
    MODEL_NODE,
    modelNode({
      model: new AgentModelSource(params.model),
      systemPrompt: params.systemPrompt as never,
      tools,
      responseFormat: params.responseFormat,
      wrappers: middleware.filter((m) => m.wrapModelCall !== undefined),
      name: params.name,
      topology,
      structuredToolNames,
      canRunUnregisteredTools: toolWrappers.length > 0,
    }) as never,
    {
      ends:
        topology.afterModelNode !== undefined
          ? [topology.afterModelNode]
          : topology.modelRouteDestinations(),
    },
  );
  graph.addEdge(START, topology.entry);
  if (hasTools) {
    graph.addNode(TOOLS_NODE, toolsNode(runnableTools, toolWrappers, structuredToolNames) as never);
    const returnDirect = new Set(runnableTools.filter((t) => t.returnDirect).map((t) => t.name));
    if (returnDirect.size > 0) {
      graph.addConditionalEdges(
        TOOLS_NODE,
        returnDirectRouter(returnDirect, topology, params.responseFormat !== undefined),
        [...new Set([topology.loopEntry, topology.exit])],
      );
    } else {
      graph.addEdge(TOOLS_NODE, topology.loopEntry);
    }
  }
  const compiled = graph.compile({
    checkpointer: params.checkpointer,
    store: params.store,
    name: params.name,
    description: params.description,
  });
  // Adds `graph` on the prototype so that copies (`withConfig`) answer with themselves.
  Object.setPrototypeOf(compiled, AgentGraph.prototype);
  return compiled as unknown as ReactAgent<
    AgentState<TResponseFormat, TStateSchema, TMiddleware>,
    AgentContextInput<TContextSchema>
  >;
}

/** The class of compiled agents: a compiled graph that is also its own `graph`. */
class AgentGraph extends CompiledStateGraph {
  /** This agent (the peer's `ReactAgent.graph`). */
  get graph(): this {
    return this;
  }
}

function assertUniqueNames(middleware: readonly AnyAgentMiddleware[]): void {
  const seen = new Set<string>();
  for (const m of middleware) {
    if (typeof m?.name !== "string" || m.name === "") {
      throw new TypeError("createAgent: every middleware needs a name (use createMiddleware).");
    }
    if (seen.has(m.name)) {
      throw new MiddlewareError(m.name, `Middleware ${m.name} is defined multiple times.`);
    }
    seen.add(m.name);
  }
}

/**
 * After the tools: the end when a tool that returns directly answered (successfully)
 * last — unless a structured answer is still due — else the next model turn.
 */
function returnDirectRouter(
  returnDirect: ReadonlySet<string>,
  topology: AgentTopology,
  needsStructuredAnswer: boolean,
) {
  return (state: { messages: unknown[] }): string => {
    for (let i = state.messages.length - 1; i >= 0; i--) {
      const message = state.messages[i] as { name?: string; status?: string };
      if (messageType(message) !== "tool") break;
      if (
        message.name !== undefined &&
        returnDirect.has(message.name) &&
        message.status !== "error"
      ) {
        return needsStructuredAnswer ? topology.loopEntry : topology.exit;
      }
    }
    return topology.loopEntry;
  };
}
