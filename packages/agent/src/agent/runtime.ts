import {
  interrupt,
  isStandardSchema,
  type LangGraphRunnableConfig,
  type StandardSchemaV1,
} from "@weft/graph";
import { MiddlewareError } from "../errors.ts";
import type { AgentContext, AnyAgentMiddleware, Runtime } from "../middleware/types.ts";

/**
 * The `runtime` a hook receives, built from the node's config. With a middleware that
 * declares a `contextSchema`, the context is parsed by it first (filling its defaults and
 * failing clearly when a required field is missing).
 *
 * @throws MiddlewareError `INVALID_GRAPH_NODE_RETURN_VALUE` when the run's context does
 *   not satisfy the middleware's `contextSchema`.
 */
export async function runtimeFor(
  config: LangGraphRunnableConfig,
  middleware?: AnyAgentMiddleware,
): Promise<Runtime> {
  const context = (config.context ?? {}) as AgentContext;
  const schema = middleware?.contextSchema as StandardSchemaV1 | undefined;
  let view = context;
  if (schema !== undefined && isStandardSchema(schema)) {
    const result = await schema["~standard"].validate(context);
    if (result.issues) {
      const issues = result.issues.map((issue) => issue.message).join("; ");
      throw new MiddlewareError(
        middleware!.name,
        `The run's context does not match the contextSchema of middleware "${middleware!.name}": ${issues}`,
      );
    }
    // Fields the schema does not know (other middleware's) stay visible.
    view = { ...context, ...(result.value as AgentContext) };
  }
  return Object.freeze({
    context: Object.freeze(view),
    store: config.store,
    writer: config.writer,
    signal: config.signal,
    configurable: config.configurable as Runtime["configurable"],
    interrupt: <Resume>(value: unknown) => interrupt<unknown, Resume>(value),
    config,
  });
}
