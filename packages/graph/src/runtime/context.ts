import type { LangGraphRunnableConfig } from "../types.ts";

/**
 * Which task is running, without threading `config` through every call. Nodes may
 * call `interrupt()`, `getConfig()`, `getWriter()` or a chat model with no config
 * argument; they find the task's config here.
 *
 * On Node (and Deno/Bun) this is an `AsyncLocalStorage`, reached through
 * `process.getBuiltinModule` so that bundling for the browser pulls in no `node:`
 * import. Where it does not exist, the config passed explicitly is the only source.
 */
interface Storage<T> {
  run<R>(store: T, fn: () => R): R;
  getStore(): T | undefined;
}

const storage: Storage<LangGraphRunnableConfig> | undefined = createStorage();

function createStorage(): Storage<LangGraphRunnableConfig> | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const hooks = proc?.getBuiltinModule?.("node:async_hooks") as
    | { AsyncLocalStorage: new () => Storage<LangGraphRunnableConfig> }
    | undefined;
  return hooks ? new hooks.AsyncLocalStorage() : undefined;
}

/** Runs `fn` with `config` as the current task's config. */
export function runWithConfig<R>(config: LangGraphRunnableConfig, fn: () => R): R {
  return storage ? storage.run(config, fn) : fn();
}

/** The current task's config, or undefined outside a task (or where there is no async context). */
export function currentConfig(): LangGraphRunnableConfig | undefined {
  return storage?.getStore();
}

/** `explicit` when given, else the current task's config. */
export function resolveConfig(
  explicit?: LangGraphRunnableConfig,
): LangGraphRunnableConfig | undefined {
  return explicit ?? storage?.getStore();
}
