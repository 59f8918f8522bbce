// Registers serializer codecs for messages, Send and Command (see package.json sideEffects).
import "./serde-codecs.ts";

// Graph building
export { START, END, COPY, INPUT } from "./constants.ts";
export { StateGraph } from "./graph/state-graph.ts";
export type {
  AddNodeOptions,
  CompileOptions,
  GraphNode,
  NodeAction,
  StateGraphOptions,
} from "./graph/state-graph.ts";
export { CompiledStateGraph } from "./graph/compiled-state-graph.ts";
export type { BranchPath, BranchResult, PathMap } from "./graph/branch.ts";
export { Send, isSend } from "./send.ts";
export { Command, isCommand, type CommandParams } from "./command.ts";

// State definitions
export * from "./state/index.ts";

// Messages
export * from "./messages/index.ts";

// Running
export { Pregel, type StateHistoryOptions } from "./pregel/pregel.ts";
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

// Errors
export {
  EmptyChannelError,
  GraphAbortedError,
  GraphInputError,
  GraphRecursionError,
  InvalidGraphError,
  InvalidUpdateError,
  WeftError,
} from "./errors.ts";

// Persistence, re-exported so one import covers the common case
export {
  BaseCheckpointSaver,
  InMemorySaver,
  MemorySaver,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  type RunnableConfig,
} from "@weft/checkpoint";
