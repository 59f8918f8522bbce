// The built-in middleware of `createAgent`: one factory per module, re-exported by name.
export {
  ClearToolUsesEdit,
  type ClearToolUsesEditConfig,
  type ContextEdit,
  type ContextEditingMiddlewareConfig,
  type ContextEditParams,
  contextEditingMiddleware,
} from "./context-editing.ts";
export type { ContextSize, KeepSize } from "./context-size.ts";
export {
  ModelCallLimitMiddlewareError,
  PIIDetectionError,
  ToolCallLimitExceededError,
} from "./errors.ts";
export {
  type ActionRequest,
  type ApproveDecision,
  type Decision,
  type DecisionType,
  type DescriptionFactory,
  type EditDecision,
  type HITLRequest,
  type HITLResponse,
  type HumanInTheLoopMiddlewareConfig,
  humanInTheLoopMiddleware,
  type InterruptOnConfig,
  type RejectDecision,
  type ReviewConfig,
} from "./human-in-the-loop.ts";
export { type LLMToolSelectorConfig, llmToolSelectorMiddleware } from "./llm-tool-selector.ts";
export {
  type ModelCallLimitMiddlewareConfig,
  modelCallLimitMiddleware,
} from "./model-call-limit.ts";
export { modelFallbackMiddleware } from "./model-fallback.ts";
export type { ModelRef } from "./model-ref.ts";
export { type ModelRetryMiddlewareConfig, modelRetryMiddleware } from "./model-retry.ts";
export {
  type PIIMiddlewareOptions,
  type PIIRedactionMiddlewareConfig,
  piiMiddleware,
  piiRedactionMiddleware,
} from "./pii.ts";
export {
  type BuiltInPIIType,
  type CustomDetector,
  detectCreditCard,
  detectEmail,
  detectIP,
  detectMacAddress,
  detectUrl,
  luhnCheck,
  type PIIDetector,
  type PIIMatch,
} from "./pii-detectors.ts";
export { applyStrategy, type PIIStrategy } from "./pii-strategies.ts";
export type { ErrorClass, RetryOptions } from "./retry-policy.ts";
export {
  DEFAULT_SUMMARY_PREFIX,
  DEFAULT_SUMMARY_PROMPT,
  type SummarizationMiddlewareConfig,
  summarizationMiddleware,
} from "./summarization.ts";
export {
  TODO_LIST_MIDDLEWARE_SYSTEM_PROMPT,
  type Todo,
  type TodoListMiddlewareConfig,
  todoListMiddleware,
} from "./todo-list.ts";
export { countTokensApproximately, type TokenCounter } from "./token-count.ts";
export { type ToolCallLimitConfig, toolCallLimitMiddleware } from "./tool-call-limit.ts";
export {
  type ToolRetryMiddlewareConfig,
  type ToolRetryOnFailure,
  toolRetryMiddleware,
} from "./tool-retry.ts";
export {
  type MessageTypeOrClass,
  type TrimMessagesOptions,
  type TrimTokenCounter,
  trimMessages,
} from "./trim-messages.ts";
