import type { CachePolicy } from "../cache/base-cache.ts";
import { taskScopeOf } from "../pregel/task-scope.ts";
import { resolveConfig } from "../runtime/context.ts";
import type { RetryPolicy } from "../types.ts";

/** Options of {@link task}. */
export interface TaskOptions {
  /** The task's name in streams, traces and saved writes. */
  name: string;
  /** Retry the task on failure. */
  retry?: RetryPolicy;
  /** Reuse results for arguments seen before (needs `cache` on the entrypoint or graph). */
  cachePolicy?: CachePolicy;
}

/**
 * Wraps a function so that, called inside an entrypoint or a graph node, each call
 * runs as a task of its own whose result is saved with the checkpoint: after an
 * interrupt or a crash the run starts the node again, and calls that already
 * finished return their saved result instead of running again. Put side effects
 * and non-deterministic work (API calls, random numbers) in tasks.
 *
 * Calls are matched to saved results by name and order, so keep the order of calls
 * the same on every execution. Outside a running graph the function simply runs.
 *
 * @example
 * const fetchPage = task("fetchPage", async (url: string) => (await fetch(url)).text());
 * const pages = await Promise.all(urls.map((url) => fetchPage(url)));
 */
export function task<Args extends unknown[], Result>(
  nameOrOptions: string | TaskOptions,
  fn: (...args: Args) => Result | Promise<Result>,
): (...args: Args) => Promise<Result> {
  const options = typeof nameOrOptions === "string" ? { name: nameOrOptions } : nameOrOptions;
  const run = (...args: Args): Promise<Result> => {
    const scope = taskScopeOf(resolveConfig());
    if (!scope) return Promise.resolve().then(() => fn(...args));
    return scope.call(options.name, () => fn(...args), {
      retryPolicy: options.retry,
      cachePolicy: options.cachePolicy,
      args,
    });
  };
  Object.defineProperty(run, "name", { value: options.name });
  return run;
}
