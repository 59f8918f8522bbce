import { InvalidUpdateError } from "../errors.ts";

/**
 * The error for a channel that received more values in one step than it can
 * hold (code `INVALID_CONCURRENT_GRAPH_UPDATE`). Built only on the error path.
 *
 * When `key` is unknown the message names the channel kind and `details.channel`
 * is left unset, which tells the superstep loop to rethrow with the key added.
 */
export function concurrentUpdateError(
  kind: string,
  received: number,
  remedy: string,
  key?: string,
  what = "value",
): InvalidUpdateError {
  const subject = key === undefined ? `A ${kind} channel` : `Channel "${key}" (${kind})`;
  const details: Record<string, unknown> = { kind, values: received };
  if (key !== undefined) details.channel = key;
  return new InvalidUpdateError(
    `${subject} can receive only one ${what} per step, but received ${received}. ${remedy}`,
    "INVALID_CONCURRENT_GRAPH_UPDATE",
    details,
  );
}

/** The advice for last-value style channels written by parallel nodes. */
export const USE_A_REDUCER =
  "Several nodes wrote it in the same step: give this state key a reducer to combine their values.";
