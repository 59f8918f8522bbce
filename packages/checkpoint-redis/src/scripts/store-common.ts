import { type LuaScript, luaScript } from "../connection.ts";

// Lua shared by the store's scripts: how one item's keys are named and removed, and how
// an item is read back. Prepended to each script, so every script sees the same layout.
//
// Layout (B = the store's key base, which carries the store's hash tag):
//   B.."seq"               string  creation counter (an item's seq orders search results)
//   B.."item:"..id         hash    ns, key, value, created, updated, seq, ttl, exp, nvec
//   B.."vec:"..seq..":"..i hash    item, ns, field, text, embedding (float32 LE, unit length)
//   B.."all"               zset    every item id, scored by seq
//   B.."z:"..prefix        zset    the ids under one namespace prefix ("a", "a.b"...), by seq
//   B.."ns"                set     namespaces holding items
//   B.."nsexp:"..ns        zset    the ids of one namespace, scored by expiry (+inf: never)
//   B.."exp"               zset    the ids of expiring items, scored by expiry (for sweeps)
//   B.."vver"              string  version of the vectors: +1 on every change of an item's vectors
//   B.."vlive"             zset    ids of items with vectors, scored by the version that wrote them
//   B.."vgone"             zset    ids whose vectors went away, by version (the newest MAX_GONE)
//   B.."vfloor"            string  highest version dropped from vgone: older copies must reload
// `id` is the JSON array [...namespace, key]; labels never contain ".", so a namespace
// joined with "." is unambiguous and its prefixes are found by splitting on ".".

/** Tombstones kept for copies of the vectors to catch up with; older copies reload whole. */
export const MAX_GONE = 10_000;

/** Lua functions every store script starts with, after `local base = ARGV[1]`. */
export const STORE_LUA_COMMON = `
-- Records that the vectors of item id changed (present: it has vectors now).
local function noteVectors(id, present)
  local ver = redis.call('INCR', base .. 'vver')
  if present then
    redis.call('ZADD', base .. 'vlive', ver, id)
    redis.call('ZREM', base .. 'vgone', id)
  else
    redis.call('ZREM', base .. 'vlive', id)
    redis.call('ZADD', base .. 'vgone', ver, id)
    if redis.call('ZCARD', base .. 'vgone') > ${MAX_GONE} then
      local dropped = redis.call('ZPOPMIN', base .. 'vgone')
      redis.call('SET', base .. 'vfloor', dropped[2])
    end
  end
end

local function prefixKeys(ns)
  local keys = { base .. 'all' }
  local from = 1
  while true do
    local dot = string.find(ns, '.', from, true)
    if not dot then break end
    keys[#keys + 1] = base .. 'z:' .. string.sub(ns, 1, dot - 1)
    from = dot + 1
  end
  keys[#keys + 1] = base .. 'z:' .. ns
  return keys
end

local function dropVectors(seq, nvec)
  for v = 0, nvec - 1 do redis.call('DEL', base .. 'vec:' .. seq .. ':' .. v) end
end

local function removeItem(id)
  local itemKey = base .. 'item:' .. id
  local old = redis.call('HMGET', itemKey, 'seq', 'nvec', 'ns')
  if not old[1] then return false end
  dropVectors(old[1], tonumber(old[2]))
  if tonumber(old[2]) > 0 then noteVectors(id, false) end
  redis.call('DEL', itemKey)
  for _, key in ipairs(prefixKeys(old[3])) do redis.call('ZREM', key, id) end
  redis.call('ZREM', base .. 'exp', id)
  local nsKey = base .. 'nsexp:' .. old[3]
  redis.call('ZREM', nsKey, id)
  if redis.call('EXISTS', nsKey) == 0 then redis.call('SREM', base .. 'ns', old[3]) end
  return true
end

-- The item's fields, or nil when it is missing or expired at now ('' = ignore expiry).
-- mode '0': fields only; '1': then each vector's embedding; '2': each vector's text and embedding.
local function readItem(id, now, mode)
  local f = redis.call('HMGET', base .. 'item:' .. id,
    'ns', 'key', 'value', 'created', 'updated', 'seq', 'ttl', 'exp', 'nvec')
  if not f[1] then return nil end
  if now ~= '' and f[8] ~= '' and tonumber(f[8]) <= tonumber(now) then return nil end
  if mode ~= '0' then
    for v = 0, tonumber(f[9]) - 1 do
      local vec = redis.call('HMGET', base .. 'vec:' .. f[6] .. ':' .. v, 'text', 'embedding')
      if mode == '2' then f[#f + 1] = vec[1] end
      f[#f + 1] = vec[2]
    end
  end
  return f
end
`;

/** Number of fields `readItem` returns before any vector. */
export const ITEM_FIELD_COUNT = 9;

/**
 * Builds a store script: ARGV[1] is always the store's key base (`base` in Lua), and the
 * shared helpers above come first.
 */
export function storeScript(name: string, body: string): LuaScript {
  return luaScript(name, `local base = ARGV[1]\n${STORE_LUA_COMMON}\n${body}`);
}
