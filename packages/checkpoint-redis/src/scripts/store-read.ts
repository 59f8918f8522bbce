// The store's reading scripts: one round trip returns whole items (and their vectors),
// skipping the ones expired at the caller's `now`.

import type { LuaScript } from "../connection.ts";
import { storeScript } from "./store-common.ts";

/**
 * Reads items by id. KEYS[1]: the seq counter. ARGV: base, now ('' = include expired
 * items), mode ('0' fields, '1' + embeddings, '2' + texts and embeddings), then the ids.
 * Returns one entry per id: the item's fields (see `readItem`), or an empty array.
 */
export const STORE_FETCH: LuaScript = storeScript(
  "weftStoreFetch",
  `
local out = {}
for i = 4, #ARGV do
  out[#out + 1] = readItem(ARGV[i], ARGV[2], ARGV[3]) or {}
end
return out
`,
);

/**
 * Reads one page of the items under a namespace prefix, oldest-created first.
 * KEYS[1]: the prefix's ordered set. ARGV: base, after (the last seq seen; 0 at the
 * start), count, now, mode (as in `STORE_FETCH`).
 * Returns `{lastSeq, done, items...}`: live items only; `done` is 1 when the set has
 * nothing after this page.
 */
export const STORE_SCAN: LuaScript = storeScript(
  "weftStoreScan",
  `
local count = tonumber(ARGV[3])
local ids = redis.call('ZRANGE', KEYS[1], '(' .. ARGV[2], '+inf', 'BYSCORE', 'LIMIT', 0, count, 'WITHSCORES')
local out = { ARGV[2], #ids < 2 * count and 1 or 0 }
for i = 1, #ids, 2 do
  local item = readItem(ids[i], ARGV[4], ARGV[5])
  if item then out[#out + 1] = item end
  out[1] = ids[i + 1]
end
return out
`,
);

/**
 * The namespaces holding at least one item alive at ARGV[2] (KEYS[1]: the seq counter),
 * joined with ".". Costs one sorted-set count per namespace.
 */
export const STORE_NAMESPACES: LuaScript = storeScript(
  "weftStoreNamespaces",
  `
local out = {}
for _, ns in ipairs(redis.call('SMEMBERS', base .. 'ns')) do
  if redis.call('ZCOUNT', base .. 'nsexp:' .. ns, '(' .. ARGV[2], '+inf') > 0 then
    out[#out + 1] = ns
  end
end
return out
`,
);

/**
 * What changed in the vectors since version ARGV[2] (-1: never read). KEYS[1]: the seq
 * counter. Returns `{version, reload, gone, changed}`: `reload` is 1 when the caller must
 * read every vector again (its version is unknown or too old for the tombstones kept);
 * otherwise `gone` lists the ids whose vectors went away and `changed` those whose
 * vectors were written since.
 */
export const STORE_VECTOR_CHANGES: LuaScript = storeScript(
  "weftStoreVectorChanges",
  `
local ver = tonumber(redis.call('GET', base .. 'vver') or '0')
local from = tonumber(ARGV[2])
if from == ver then return { ver, 0, {}, {} } end
local floor = tonumber(redis.call('GET', base .. 'vfloor') or '0')
if from < 0 or from > ver or from < floor then return { ver, 1, {}, {} } end
return { ver, 0,
  redis.call('ZRANGE', base .. 'vgone', '(' .. from, '+inf', 'BYSCORE'),
  redis.call('ZRANGE', base .. 'vlive', '(' .. from, '+inf', 'BYSCORE') }
`,
);
