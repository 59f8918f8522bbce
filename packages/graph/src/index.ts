// Registers serializer codecs for messages, Send and Command (see package.json sideEffects).
import "./serde-codecs.ts";

// Persistence, re-exported so one import covers the common case
export {
  BaseCheckpointSaver,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  InMemorySaver,
  MemorySaver,
  type RunnableConfig,
} from "@weft/checkpoint";
// Caching node and task results
export * from "./cache/index.ts";
// Channels (the full set is at "@weft/graph/channels")
export { Overwrite, type OverwriteValue } from "./channels/index.ts";
export { Command, type CommandParams, isCommand } from "./command.ts";
// Graph building
export { COPY, END, START } from "./constants.ts";
// Errors
export {
  EmptyChannelError,
  GraphAbortedError,
  GraphBubbleUp,
  GraphInputError,
  GraphInterrupt,
  GraphRecursionError,
  InvalidGraphError,
  InvalidUpdateError,
  isGraphBubbleUp,
  isGraphInterrupt,
  isParentCommand,
  ParentCommand,
  WeftError,
} from "./errors.ts";
// Functional API
export * from "./func/index.ts";
export type { BranchPath, BranchResult, PathMap } from "./graph/branch.ts";
export { CompiledStateGraph } from "./graph/compiled-state-graph.ts";
export {
  type DrawableEdge,
  DrawableGraph,
  type DrawableGraphJson,
  type DrawableNode,
} from "./graph/drawable-graph.ts";
export type {
  AddNodeOptions,
  CompileOptions,
  GraphNode,
  NodeAction,
  StateGraphOptions,
} from "./graph/state-graph.ts";
export { StateGraph } from "./graph/state-graph.ts";
// Messages
export * from "./messages/index.ts";
// Running
export type { IterableReadableStream } from "./pregel/iterable-stream.ts";
export { Pregel, type StateHistoryOptions } from "./pregel/pregel.ts";
// Inside nodes: pause for a human, reach the run's config, store and stream writer
export { getConfig, getStore, getWriter } from "./runtime/accessors.ts";
export { interrupt } from "./runtime/interrupt.ts";
export { isSend, Send } from "./send.ts";
// State definitions
export * from "./state/index.ts";
export type {
  Durability,
  Interrupt,
  LangGraphRunnableConfig,
  PregelOptions,
  PregelTaskDescription,
  RetryPolicy,
  Runtime,
  StateSnapshot,
  StoreLike,
  StreamMode,
  StreamWriter,
} from "./types.ts";
