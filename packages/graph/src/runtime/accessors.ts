import { GraphInputError } from "../errors.ts";
import type { LangGraphRunnableConfig, StoreLike, StreamWriter } from "../types.ts";
import { currentConfig } from "./context.ts";

/**
 * The running task's config (thread, metadata, context, store, writer, signal),
 * for code that was not handed it, such as a helper called deep inside a node.
 * @throws GraphInputError `INVALID_CONFIG` outside a running graph node.
 */
export function getConfig(): LangGraphRunnableConfig {
  const config = currentConfig();
  if (!config) {
    throw new GraphInputError(
      "INVALID_CONFIG",
      "getConfig() was called outside a running graph node (or on a platform without AsyncLocalStorage): use the config passed to the node instead.",
    );
  }
  return config;
}

/** The store of the running graph, if it was compiled with one. */
export function getStore(): StoreLike | undefined {
  return currentConfig()?.store;
}

/** Emits to the `custom` stream mode of the running graph (a no-op when nobody streams it). */
export function getWriter(): StreamWriter {
  return currentConfig()?.writer ?? (() => {});
}
