// The middleware contract and `createMiddleware`.
export {
  type CreateMiddlewareParams,
  createMiddleware,
  isAgentMiddleware,
} from "./create-middleware.ts";
export {
  type DynamicSystemPromptFn,
  dynamicSystemPromptMiddleware,
} from "./dynamic-system-prompt.ts";
export * from "./types.ts";
