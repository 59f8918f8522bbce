import type { BaseCheckpointSaver } from "@weft/checkpoint";
import type { BaseCache } from "../cache/base-cache.ts";
import { EphemeralValue } from "../channels/ephemeral-value.ts";
import { LastValue } from "../channels/last-value.ts";
import { END, START } from "../constants.ts";
import { Pregel } from "../pregel/pregel.ts";
import type { GraphSpec, PregelNode } from "../pregel/spec.ts";
import { currentConfig, runWithConfig } from "../runtime/context.ts";
import type { LangGraphRunnableConfig, RetryPolicy, StoreLike } from "../types.ts";

/** Channel holding the value an entrypoint saved for its next run (`getPreviousState`). */
export const PREVIOUS = "__previous__";

/** Options of {@link entrypoint}. */
export interface EntrypointOptions {
  /** The workflow's name (its node name in streams). @default the function's name */
  name?: string;
  /** Saves each run, enabling threads, `interrupt()`, resumes and `getPreviousState()`. */
  checkpointer?: BaseCheckpointSaver | boolean;
  /** Long-term memory, available as `config.store`. */
  store?: StoreLike;
  /** Retry the whole entrypoint on failure. */
  retry?: RetryPolicy;
  /** Where `task()`s with a cache policy keep their results. */
  cache?: BaseCache;
}

/** The config an entrypoint function receives: the run's config plus the value its previous run saved. */
export type EntrypointConfig<Saved = unknown> = LangGraphRunnableConfig & {
  /** What the previous run on this thread returned (or saved with `entrypoint.final`). */
  previous?: Saved;
};

const FINAL = Symbol.for("weft.entrypointFinal");

/** Returned from an entrypoint to return one value and save another for the next run. */
export interface EntrypointFinal<Value, Save> {
  readonly [FINAL]: true;
  readonly value: Value;
  readonly save: Save;
}

function isFinal(value: unknown): value is EntrypointFinal<unknown, unknown> {
  return typeof value === "object" && value !== null && (value as never)[FINAL] === true;
}

type EntrypointFn<Input, Output> = (
  input: Input,
  config: EntrypointConfig,
) => Output | Promise<Output>;

type Returned<Output> = Output extends EntrypointFinal<infer V, unknown> ? V : Output;

/**
 * Defines a workflow as a plain async function (the functional API). The result is
 * a graph with one node: `invoke`, `stream`, `getState`, interrupts, `Command({ resume })`
 * and durability work as for a `StateGraph`. Inside, wrap side effects in `task()`s
 * so a resumed run does not repeat them; `interrupt()` pauses the workflow.
 *
 * @example
 * const workflow = entrypoint({ name: "review", checkpointer: new MemorySaver() }, async (topic: string) => {
 *   const essay = await writeEssay(topic);
 *   const approved = interrupt({ essay, action: "Approve?" });
 *   return { essay, approved };
 * });
 */
export function entrypoint<Input = unknown, Output = unknown>(
  optionsOrName: EntrypointOptions | string,
  fn: EntrypointFn<Input, Output>,
): Pregel<Input, Returned<Awaited<Output>>, Returned<Awaited<Output>>> {
  const options: EntrypointOptions =
    typeof optionsOrName === "string" ? { name: optionsOrName } : optionsOrName;
  const name = options.name ?? (fn.name || "entrypoint");
  const node: PregelNode = {
    name,
    triggers: [START],
    input: { kind: "state", keys: [START, PREVIOUS] },
    run: (input, config) => {
      const { [START]: value, [PREVIOUS]: previous } = input as Record<string, unknown>;
      const withPrevious: EntrypointConfig = { ...config, previous };
      return runWithConfig(withPrevious, () => fn(value as Input, withPrevious));
    },
    toWrites: (output) =>
      isFinal(output)
        ? [
            [END, output.value],
            [PREVIOUS, output.save],
          ]
        : [
            [END, output],
            [PREVIOUS, output],
          ],
    retryPolicy: options.retry,
  };
  const spec: GraphSpec = {
    name,
    nodes: { [name]: node },
    channels: {
      [START]: new EphemeralValue(false),
      [END]: new LastValue(),
      [PREVIOUS]: new LastValue(),
    },
    inputChannel: START,
    outputKeys: END,
    stateKeys: END,
    triggerToNodes: { [START]: [name] },
    checkpointer: options.checkpointer,
    store: options.store,
    cache: options.cache,
    interruptBefore: [],
    interruptAfter: [],
  };
  return new Pregel(spec);
}

/**
 * `return entrypoint.final({ value, save })` returns `value` to the caller and saves
 * `save` as the `previous` value the next run on the thread receives.
 */
entrypoint.final = <Value, Save>(params: {
  value: Value;
  save: Save;
}): EntrypointFinal<Value, Save> => ({
  [FINAL]: true,
  value: params.value,
  save: params.save,
});

/** Inside an entrypoint: what its previous run on this thread returned or saved. */
export function getPreviousState<Saved>(): Saved | undefined {
  return (resolveEntrypointConfig()?.previous as Saved | undefined) ?? undefined;
}

function resolveEntrypointConfig(): EntrypointConfig | undefined {
  return currentConfig() as EntrypointConfig | undefined;
}
