import type { LibName } from "../libs/bench-lib.ts";
import type { CompatLib } from "./libs.ts";
import { normalize } from "./normalize.ts";
import { peerCompat } from "./peer-lib.ts";
import { weftCompat } from "./weft-lib.ts";

/** What the same program observed on each library. */
export type PerLib<T> = Record<LibName, T>;

/**
 * Runs one program on each library in turn (never concurrently, so neither run can see the
 * other's timing) and returns what each observed.
 *
 * @example
 * const { weft, peer } = await onBoth((lib) => buildGraph(lib).compile().invoke(input));
 * expect(weft).toEqual(peer);
 */
export async function onBoth<T>(program: (lib: CompatLib) => Promise<T>): Promise<PerLib<T>> {
  const weft = await program(weftCompat);
  const peer = await program(peerCompat);
  return { weft, peer };
}

/**
 * {@link onBoth}, then {@link normalize} each side (ids numbered per library), ready for
 * `expect(weft).toEqual(peer)`.
 */
export async function compareOnBoth(
  program: (lib: CompatLib) => Promise<unknown>,
): Promise<PerLib<unknown>> {
  const { weft, peer } = await onBoth(program);
  return { weft: normalize(weft), peer: normalize(peer) };
}

/** Drains a stream (or any async iterable) into an array. */
export async function collect<T>(
  stream: AsyncIterable<T> | Promise<AsyncIterable<T>>,
): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of await stream) chunks.push(chunk);
  return chunks;
}

/** The thread every checkpointed test runs on: each run gets a fresh saver, so one id is enough. */
export const THREAD_ID = "compat-thread";

/** A run config on {@link THREAD_ID}, with extra run options. */
export function onThread(extra: Record<string, unknown> = {}): {
  configurable: { thread_id: string };
  [key: string]: unknown;
} {
  return { ...extra, configurable: { thread_id: THREAD_ID } };
}
