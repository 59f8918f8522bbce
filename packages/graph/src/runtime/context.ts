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

type StorageClass = new () => Storage<any>;

const StorageClass: StorageClass | undefined = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const hooks = proc?.getBuiltinModule?.("node:async_hooks") as
    | { AsyncLocalStorage: StorageClass }
    | undefined;
  return hooks?.AsyncLocalStorage;
})();

const storage: Storage<LangGraphRunnableConfig> | undefined = StorageClass && new StorageClass();

/**
 * `@langchain/core` keeps the config of the running runnable in a global
 * `AsyncLocalStorage` (under this key) and reads it when a model or tool is called
 * without a config. Weft publishes each task's config there too, so a core chat model
 * called inside a node with no config still gets the run's callbacks (token streaming)
 * and abort signal. The instance is created here when core has not created it yet,
 * as LangGraph.js does on import.
 */
const CORE_STORAGE_KEY = Symbol.for("ls:tracing_async_local_storage");
const CORE_CONFIG_KEY = Symbol.for("lc:child_config");
const CORE_CONTEXT_VARIABLES_KEY = Symbol.for("lc:context_variables");

function coreStorage(): Storage<Record<PropertyKey, unknown>> | undefined {
  if (!StorageClass) return undefined;
  const globals = globalThis as Record<PropertyKey, unknown>;
  globals[CORE_STORAGE_KEY] ??= new StorageClass();
  return globals[CORE_STORAGE_KEY] as Storage<Record<PropertyKey, unknown>>;
}

/** Runs `fn` with `config` as the current task's config (for Weft and for `@langchain/core`). */
export function runWithConfig<R>(config: LangGraphRunnableConfig, fn: () => R): R {
  if (!storage) return fn();
  const core = coreStorage();
  if (!core) return storage.run(config, fn);
  const previous = core.getStore();
  const coreStore: Record<PropertyKey, unknown> = { extra: { [CORE_CONFIG_KEY]: config } };
  if (previous?.[CORE_CONTEXT_VARIABLES_KEY] !== undefined) {
    coreStore[CORE_CONTEXT_VARIABLES_KEY] = previous[CORE_CONTEXT_VARIABLES_KEY];
  }
  return storage.run(config, () => core.run(coreStore, fn));
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
