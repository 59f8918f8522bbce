// The store's writing scripts. Each runs atomically in Redis: a batch's puts, a refresh
// of expiry times, or one round of the TTL sweep either happen whole or not at all.
// Times are passed in (the store's `now` clock); the scripts never read Redis's TIME.

import type { LuaScript } from "../connection.ts";
import { storeScript } from "./store-common.ts";

/**
 * Applies the puts and deletes of one batch.
 *
 * KEYS[1]: the seq counter. ARGV: base, now, then per operation either
 * `"del", id` or `"put", id, ns, key, value, ttl, exp, nvec` followed by nvec triples
 * `field, text, embedding`. `ttl` (minutes) and `exp` (epoch ms) are "" for no expiry.
 *
 * A put over a live item keeps its seq and `created` and replaces its vectors; a put
 * over an expired item deletes it first, so the item starts over (new seq, new `created`).
 */
export const STORE_WRITE: LuaScript = storeScript(
  "weftStoreWrite",
  `
local now = ARGV[2]
local i = 3
while i <= #ARGV do
  local kind, id = ARGV[i], ARGV[i + 1]
  if kind == 'del' then
    removeItem(id)
    i = i + 2
  else
    local ns, key, value, ttl, exp = ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]
    local nvec = tonumber(ARGV[i + 7])
    i = i + 8
    local itemKey = base .. 'item:' .. id
    local old = redis.call('HMGET', itemKey, 'seq', 'exp', 'nvec', 'created')
    local seq, created
    if old[1] and (old[2] == '' or tonumber(old[2]) > tonumber(now)) then
      seq, created = old[1], old[4]
      dropVectors(seq, tonumber(old[3]))
      if nvec > 0 or tonumber(old[3]) > 0 then noteVectors(id, nvec > 0) end
    else
      if old[1] then removeItem(id) end
      if nvec > 0 then noteVectors(id, true) end
      seq = tostring(redis.call('INCR', KEYS[1]))
      created = now
      for _, zkey in ipairs(prefixKeys(ns)) do redis.call('ZADD', zkey, seq, id) end
      redis.call('SADD', base .. 'ns', ns)
    end
    redis.call('HSET', itemKey, 'ns', ns, 'key', key, 'value', value, 'created', created,
      'updated', now, 'seq', seq, 'ttl', ttl, 'exp', exp, 'nvec', nvec)
    for v = 0, nvec - 1 do
      redis.call('HSET', base .. 'vec:' .. seq .. ':' .. v, 'item', id, 'ns', ns,
        'field', ARGV[i], 'text', ARGV[i + 1], 'embedding', ARGV[i + 2])
      i = i + 3
    end
    if exp == '' then
      redis.call('ZREM', base .. 'exp', id)
      redis.call('ZADD', base .. 'nsexp:' .. ns, '+inf', id)
    else
      redis.call('ZADD', base .. 'exp', exp, id)
      redis.call('ZADD', base .. 'nsexp:' .. ns, exp, id)
    end
  end
end
return 1
`,
);

/**
 * Extends the expiry of items a read returned.
 *
 * KEYS[1]: the seq counter. ARGV: base, now, then triples `id, seq, exp`. An item is
 * refreshed only if it is still the version that was read (same seq) and has not expired
 * at `now` meanwhile, so a refresh never brings back a deleted or expired item.
 */
export const STORE_REFRESH: LuaScript = storeScript(
  "weftStoreRefresh",
  `
local now = tonumber(ARGV[2])
for i = 3, #ARGV, 3 do
  local id, seq, exp = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local itemKey = base .. 'item:' .. id
  local cur = redis.call('HMGET', itemKey, 'seq', 'exp', 'ns')
  if cur[1] == seq and cur[2] ~= '' and tonumber(cur[2]) > now then
    redis.call('HSET', itemKey, 'exp', exp)
    redis.call('ZADD', base .. 'exp', exp, id)
    redis.call('ZADD', base .. 'nsexp:' .. cur[3], exp, id)
  end
end
return 1
`,
);

/**
 * Deletes up to ARGV[3] items that have expired at ARGV[2] (KEYS[1]: the seq counter).
 * Returns `{removed, more}`: how many went, and 1 when more may be left.
 */
export const STORE_SWEEP: LuaScript = storeScript(
  "weftStoreSweep",
  `
local limit = tonumber(ARGV[3])
local ids = redis.call('ZRANGE', base .. 'exp', '-inf', ARGV[2], 'BYSCORE', 'LIMIT', 0, limit)
local removed = 0
for _, id in ipairs(ids) do
  if removeItem(id) then removed = removed + 1 else redis.call('ZREM', base .. 'exp', id) end
end
return { removed, #ids == limit and 1 or 0 }
`,
);
