import type { BaseChannel } from "../channels/base.ts";
import { BinaryOperatorAggregate, LastValue } from "../channels/index.ts";
import { withInitialValue } from "./initial-value.ts";

/** A field whose value is replaced by each write, starting from `defaultFactory()` if given. */
export function lastValueChannel(defaultFactory?: () => unknown): BaseChannel {
  const channel = new LastValue();
  return defaultFactory === undefined ? channel : withInitialValue(channel, defaultFactory);
}

/** A field whose writes are folded by `reducer`, starting from `defaultFactory()` if given. */
export function reducerChannel(
  reducer: (current: any, update: any) => unknown,
  defaultFactory?: () => unknown,
): BaseChannel {
  return new BinaryOperatorAggregate(reducer, defaultFactory);
}
