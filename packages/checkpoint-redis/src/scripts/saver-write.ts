import { saverScript } from "./saver-common.ts";

/**
 * Saves one checkpoint, atomically: its header, metadata, the values it stores itself
 * and the map of where every value lives. Values it shares with its parent are checked
 * against the parent, which must still exist: otherwise nothing is written and the
 * caller retries with every value.
 *
 * ARGV: now, TTL cutoff ("" = none), ns, id, parent field ("" = none), header, metadata,
 * n = number of stored values, then n pairs (channel, value record), then pairs
 * (channel, expected version as JSON) of the values shared with the parent.
 * Reply: { committed 0/1, expired 0/1, dropped ids members }.
 */
export const PUT_CHECKPOINT = saverScript(
  "put",
  `
local expired = expire_if_due(ARGV[2])
local ns, id = ARGV[3], ARGV[4]
local field = ns .. SEP .. id
local fresh_end = 8 + 2 * tonumber(ARGV[8])
local refs = {}
if fresh_end < #ARGV then
  local parent = ARGV[5] ~= "" and redis.call("HGET", KEYS[4], ARGV[5])
  if not parent then return {0, expiry_reply(expired)} end
  local stored_refs = redis.call("HGET", KEYS[6], ARGV[5])
  if not stored_refs then return {0, expiry_reply(expired)} end
  local versions = cjson.decode(parent).cv
  local parent_refs = cjson.decode(stored_refs)
  for i = fresh_end + 1, #ARGV, 2 do
    local channel = ARGV[i]
    local writer = parent_refs[channel]
    if writer == nil or versions[channel] ~= cjson.decode(ARGV[i + 1]) then
      return {0, expiry_reply(expired)}
    end
    refs[channel] = writer
  end
end
for i = 9, fresh_end, 2 do
  redis.call("HSET", KEYS[7], field .. SEP .. ARGV[i], ARGV[i + 1])
  refs[ARGV[i]] = id
end
redis.call("HSET", KEYS[4], field, ARGV[6])
redis.call("HSET", KEYS[5], field, ARGV[7])
redis.call("HSET", KEYS[6], field, cjson.encode(refs))
redis.call("ZADD", KEYS[2], 0, id .. SEP .. ns)
redis.call("ZADD", KEYS[3], 0, field)
redis.call("HSET", KEYS[1], "access", ARGV[1])
return {1, expiry_reply(expired)}
`,
);

/**
 * Attaches pending writes to a checkpoint, atomically, if the checkpoint exists (a late
 * write for a deleted one is dropped). Special channels replace; others keep the first.
 *
 * ARGV: now, TTL cutoff, checkpoint field, then triples (write field, "1" = replace, record).
 * Reply: { stored 0/1, expired 0/1, dropped ids members, last access or false }.
 */
export const PUT_WRITES = saverScript(
  "putWrites",
  `
local expired = expire_if_due(ARGV[2])
local flag, dropped = expiry_reply(expired)
if redis.call("HEXISTS", KEYS[4], ARGV[3]) == 0 then
  return {0, flag, dropped, redis.call("HGET", KEYS[1], "access")}
end
for i = 4, #ARGV, 3 do
  if ARGV[i + 1] == "1" then
    redis.call("HSET", KEYS[8], ARGV[i], ARGV[i + 2])
  else
    redis.call("HSETNX", KEYS[8], ARGV[i], ARGV[i + 2])
  end
  redis.call("ZADD", KEYS[9], 0, ARGV[i])
end
redis.call("HSET", KEYS[1], "access", ARGV[1])
return {1, flag, dropped, ARGV[1]}
`,
);
