import type { BaseChannel } from "../channels/base.ts";
import { BinaryOperatorAggregate, LastValue } from "../channels/index.ts";
import { withInitialValue } from "./initial-value.ts";

/**
 * A field whose value is replaced by each write, starting from `defaultFactory()` if
 * given. `key` names the field in concurrent-update errors.
 */
export function lastValueChannel(key: string, defaultFactory?: () => unknown): BaseChannel {
  const channel = new LastValue(key);
  return defaultFactory === undefined ? channel : withInitialValue(channel, defaultFactory);
}

/** A field whose writes are folded by `reducer`, starting from `defaultFactory()` if given. */
export function reducerChannel(
  reducer: (current: any, update: any) => unknown,
  defaultFactory?: () => unknown,
): BaseChannel {
  return new BinaryOperatorAggregate(reducer, defaultFactory);
}
