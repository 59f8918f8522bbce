import { GraphAbortedError } from "../errors.ts";
import { abortable } from "../runtime/abort.ts";

/** Settles with `promise`, or rejects with a `GraphAbortedError` as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return abortable(promise, signal, (reason) => new GraphAbortedError(reason));
}
