import { slotKey } from "./keys.ts";

/** Every key of one store is `{<keyPrefix>store:items}:<part>`: one hash tag, one cluster slot. */
const STORE_SCOPE = "items";

/** Names of a store's keys (the full layout is described in `scripts/store-common.ts`). */
export interface StoreKeys {
  /** Start of every key of the store; passed to every script as ARGV[1]. */
  readonly base: string;
  /** The creation counter; also the key that routes scripts to the store's slot. */
  readonly seq: string;
  /** A hash of layout facts: `layout` (version) and `dims` (vector length). */
  readonly meta: string;
  /** The ordered set of the items under a namespace prefix (`[]`: every item). */
  prefix(labels: readonly string[]): string;
}

/**
 * The keys of the store under `keyPrefix`. All of them share one hash tag so that the
 * store's Lua scripts, which touch many keys at once, also run on Redis Cluster (the
 * whole store then lives on one shard; give each tenant its own prefix to spread them).
 */
export function storeKeys(keyPrefix: string): StoreKeys {
  const base = slotKey(keyPrefix, "store", STORE_SCOPE, "");
  return {
    base,
    seq: `${base}seq`,
    meta: `${base}meta`,
    prefix: (labels) => (labels.length === 0 ? `${base}all` : `${base}z:${labels.join(".")}`),
  };
}
