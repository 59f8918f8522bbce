import { saverScript } from "./saver-common.ts";

/** Deletes every key of a thread. Reply: its ids members (`<id>\0<ns>`), for the global index. */
export const DROP_THREAD = saverScript("deleteThread", "return drop_thread()");

/**
 * Deletes a thread if its TTL ran out (the sweep). ARGV: cutoff.
 * Reply: { 0 = no such thread | 1 = dropped | 2 = alive, dropped ids members, last access }.
 */
export const EXPIRE_THREAD = saverScript(
  "sweep",
  `
local access = redis.call("HGET", KEYS[1], "access")
if not access then return {0, {}, false} end
local dropped = expire_if_due(ARGV[1])
if dropped then return {1, dropped, access} end
return {2, {}, access}
`,
);

/**
 * Deletes checkpoints of one namespace with their pending writes, then the channel
 * values no remaining checkpoint of the namespace refers to. The newest checkpoint of
 * the namespace is never deleted. ARGV: ns, then checkpoint ids.
 * Reply: { deleted ids, number of writes deleted }.
 */
export const DELETE_CHECKPOINTS = saverScript(
  "prune",
  `
local ns = ARGV[1]
local latest = redis.call("ZREVRANGEBYLEX", KEYS[3], lex_max(ns), lex_min(ns), "LIMIT", 0, 1)[1]
local deleted, writes = {}, 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local field = ns .. SEP .. id
  if field ~= latest and redis.call("HDEL", KEYS[4], field) == 1 then
    redis.call("HDEL", KEYS[5], field)
    redis.call("HDEL", KEYS[6], field)
    redis.call("ZREM", KEYS[2], id .. SEP .. ns)
    redis.call("ZREM", KEYS[3], field)
    local pending = redis.call("ZRANGEBYLEX", KEYS[9], lex_min(field), lex_max(field))
    if #pending > 0 then
      hdel_all(KEYS[8], pending)
      redis.call("ZREMRANGEBYLEX", KEYS[9], lex_min(field), lex_max(field))
    end
    writes = writes + #pending
    deleted[#deleted + 1] = id
  end
end
if #deleted > 0 then
  local live = {}
  for _, field in ipairs(redis.call("ZRANGEBYLEX", KEYS[3], lex_min(ns), lex_max(ns))) do
    local refs = redis.call("HGET", KEYS[6], field)
    if refs then
      for channel, writer in pairs(cjson.decode(refs)) do
        live[ns .. SEP .. writer .. SEP .. channel] = true
      end
    end
  end
  local head = ns .. SEP
  local unused = {}
  for _, key in ipairs(redis.call("HKEYS", KEYS[7])) do
    if string.sub(key, 1, #head) == head and not live[key] then unused[#unused + 1] = key end
  end
  if #unused > 0 then hdel_all(KEYS[7], unused) end
end
return {deleted, writes}
`,
);
