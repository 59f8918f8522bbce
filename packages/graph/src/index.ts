// Registers serializer codecs for messages, Send and Command (see package.json sideEffects).
import "./serde-codecs.ts";

// Persistence, re-exported so one import covers the common case
export {
  BaseCheckpointSaver,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  INTERRUPT,
  InMemorySaver,
  MemorySaver,
  type RunnableConfig,
} from "@weft/checkpoint";
// Long-term memory (the full API is in "@weft/store")
export {
  BaseStore,
  type Embeddings,
  HashingEmbeddings,
  InMemoryStore,
  type Item,
  MemoryStore,
  type SearchItem,
} from "@weft/store";
// Caching node and task results
export * from "./cache/index.ts";
// Channels (the full set is at "@weft/graph/channels")
export {
  AnyValue,
  BaseChannel,
  BinaryOperatorAggregate,
  EphemeralValue,
  LastValue,
  NamedBarrierValue,
  Overwrite,
  type OverwriteValue,
  Topic,
} from "./channels/index.ts";
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
// Chat models and tools (the prebuilt agent is at "@weft/graph/prebuilt")
export { BaseChatModel } from "./models/chat-model.ts";
export { ChatModelError, OutputParserError } from "./models/chat-model-error.ts";
export type { ChatModelInput } from "./models/chat-model-input.ts";
export type {
  BindToolsOptions,
  ChatModelCallConfig,
  ChatModelFields,
  ChatModelRequest,
  ChatModelSettings,
  ResponseFormat,
  ToolChoice,
} from "./models/chat-model-types.ts";
export {
  type LangchainMessagesHandler,
  langchainCallbacksFor,
} from "./models/langchain-callbacks.ts";
export { ChatOpenAI, type ChatOpenAIFields } from "./models/openai/chat-openai.ts";
export {
  type ScriptedCall,
  ScriptedChatModel,
  type ScriptedChatModelFields,
  type ScriptedMessage,
  type ScriptedReply,
} from "./models/scripted-chat-model.ts";
export type {
  StructuredOutputMethod,
  StructuredOutputOptions,
  StructuredOutputRunnable,
} from "./models/structured-output.ts";
// Running
export type { IterableReadableStream } from "./pregel/iterable-stream.ts";
export { Pregel, type StateHistoryOptions, type WithInterrupts } from "./pregel/pregel.ts";
export type {
  MessagesStreamMetadata,
  StreamChunk,
  StreamPayloads,
} from "./pregel/stream-chunks.ts";
// Inside nodes: pause for a human, reach the run's config, store and stream writer
export { getConfig, getStore, getWriter } from "./runtime/accessors.ts";
export { interrupt } from "./runtime/interrupt.ts";
export {
  type ConditionalEdgeRouter,
  getCurrentTaskInput,
  isInterrupted,
} from "./runtime/peer-names.ts";
export { isSend, Send } from "./send.ts";
// State definitions
export * from "./state/index.ts";
export { StructuredTool, type ToolFields, type ToolFunction, tool } from "./tools/tool.ts";
export type { BindableTool } from "./tools/tool-definition.ts";
export { ToolInputError } from "./tools/tool-input-error.ts";
export {
  isToolLike,
  type ToolDefinition,
  type ToolInvokeConfig,
  type ToolLike,
  type ToolRuntime,
} from "./tools/tool-types.ts";
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
