import type { AnyStateLike, ToolLike } from "@weft/graph";
import {
  type AfterAgentHook,
  type AfterModelHook,
  type AgentMiddleware,
  type BeforeAgentHook,
  type BeforeModelHook,
  type ContextSchemaLike,
  type InferContext,
  MIDDLEWARE_BRAND,
  type WrapModelCallHook,
  type WrapToolCallHook,
} from "./types.ts";

/** What `createMiddleware` takes: a name and any of the hooks, schemas and tools. */
export interface CreateMiddlewareParams<
  TSchema extends AnyStateLike | undefined = undefined,
  TContextSchema extends ContextSchemaLike | undefined = undefined,
  TContext = InferContext<TContextSchema>,
> {
  /** Unique within one agent. */
  name: string;
  /** State fields the middleware adds (zod object, `StateSchema` or `Annotation.Root`). */
  stateSchema?: TSchema;
  /** Shape of the `runtime.context` the hooks read (zod object). */
  contextSchema?: TContextSchema;
  /** Tools added to the agent's tools. */
  tools?: readonly ToolLike[];
  beforeAgent?: BeforeAgentHook<TSchema, TContext>;
  beforeModel?: BeforeModelHook<TSchema, TContext>;
  afterModel?: AfterModelHook<TSchema, TContext>;
  afterAgent?: AfterAgentHook<TSchema, TContext>;
  wrapModelCall?: WrapModelCallHook<TSchema, TContext>;
  wrapToolCall?: WrapToolCallHook<TSchema, TContext>;
}

/**
 * Builds a middleware for `createAgent({ middleware: [...] })`. Hooks are typed from the
 * schemas: `state` includes the fields of `stateSchema`, `runtime.context` is the output
 * of `contextSchema`.
 *
 * @example
 * const counter = createMiddleware({
 *   name: "CallCounter",
 *   stateSchema: z.object({ modelCallCount: z.number().default(0) }),
 *   afterModel: (state) => ({ modelCallCount: state.modelCallCount + 1 }),
 * });
 */
export function createMiddleware<
  TSchema extends AnyStateLike | undefined = undefined,
  TContextSchema extends ContextSchemaLike | undefined = undefined,
>(
  params: CreateMiddlewareParams<TSchema, TContextSchema>,
): AgentMiddleware<TSchema, TContextSchema, InferContext<TContextSchema>> {
  if (typeof params?.name !== "string" || params.name.length === 0) {
    throw new TypeError("createMiddleware: `name` must be a non-empty string.");
  }
  return { ...params, [MIDDLEWARE_BRAND]: true };
}

/** True for an object made by `createMiddleware` (or of the same shape). */
export function isAgentMiddleware(value: unknown): value is AgentMiddleware {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { name?: unknown }).name === "string"
  );
}
