// `@weft/graph/prebuilt`: the ready-made agent loop and its parts.

export { type AgentModel, type ChatModelLike, modelCallConfig } from "./agent-model.ts";
export type { AgentPrompt } from "./agent-prompt.ts";
export { type CreateReactAgentParams, createReactAgent } from "./react-agent.ts";
export { createReactAgentAnnotation, type ReactAgentState } from "./react-agent-state.ts";
export type { AgentResponseFormat } from "./structured-response-node.ts";
export {
  type HandleToolErrors,
  type ToolCallInput,
  ToolNode,
  type ToolNodeOptions,
} from "./tool-node.ts";
export { toolsCondition } from "./tools-condition.ts";
