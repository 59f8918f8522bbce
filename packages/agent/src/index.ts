// Public API of @weft/agent. Every export is named; see README.md.
// A program written against `langchain` runs with its imports changed to `@weft/agent`:
// the agent API is defined here, messages, tools and memory come from @weft/graph.

export {
  AIMessage,
  AIMessageChunk,
  BaseMessage,
  Command,
  type ContentBlock,
  HumanMessage,
  InMemorySaver,
  InMemoryStore,
  interrupt,
  MemorySaver,
  RemoveMessage,
  StructuredTool,
  SystemMessage,
  type ToolCall,
  ToolMessage,
  type ToolRuntime,
  tool,
} from "@weft/graph";
export {
  type AgentInput,
  type AgentState,
  type CreateAgentParams,
  createAgent,
  type InferMiddlewareStates,
  type InferResponseFormat,
  type ReactAgent,
} from "./agent/create-agent.ts";
export { AgentSystemMessage } from "./agent/system-message.ts";
export {
  MiddlewareError,
  MultipleStructuredOutputsError,
  MultipleToolsBoundError,
  StructuredOutputParsingError,
  UnknownModelProviderError,
} from "./errors.ts";
export * from "./middleware/builtin/index.ts";
export * from "./middleware/index.ts";
export { type InitChatModelFields, initChatModel } from "./models/init-chat-model.ts";
export {
  ProviderStrategy,
  providerStrategy,
  type ResponseFormatInput,
  type SchemaOutput,
  ToolStrategy,
  type ToolStrategyErrorHandler,
  type ToolStrategyOptions,
  toolStrategy,
} from "./structured/response-format.ts";
