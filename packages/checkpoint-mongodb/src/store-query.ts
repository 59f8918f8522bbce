// The query conditions every store read combines: namespace prefix, liveness, filter.

import type { Filter } from "mongodb";
import { type ItemDocument, joinNamespace } from "./store-document.ts";

/** A condition on item documents. */
export type ItemQuery = Filter<ItemDocument>;

/**
 * Items whose namespace starts with `prefix` (whole labels): one of the item's stored
 * namespace prefixes (`nsPath`) equals it. `[]` matches everything.
 */
export function namespaceCondition(prefix: readonly string[]): ItemQuery | undefined {
  if (prefix.length === 0) return undefined;
  return { nsPath: joinNamespace(prefix) };
}

/**
 * Items not expired at `now` (an item expiring at `now` is gone, as `isExpired` says).
 * Expiry is checked at read time on every server: a TTL index only frees space later.
 */
export function liveCondition(now: number): ItemQuery {
  return { $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date(now) } }] };
}

/** Items expired at `now`: what `sweepTtl` deletes. */
export function expiredCondition(now: number): ItemQuery {
  return { expiresAt: { $lte: new Date(now) } };
}

/** All the given conditions (undefined ones skipped) as one query. */
export function allOf(
  ...conditions: (ItemQuery | Record<string, unknown> | undefined)[]
): ItemQuery {
  const present = conditions.filter((c): c is ItemQuery => c !== undefined);
  if (present.length === 0) return {};
  if (present.length === 1) return present[0]!;
  return { $and: present };
}
