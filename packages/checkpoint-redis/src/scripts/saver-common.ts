import { type LuaScript, luaScript } from "../connection.ts";

/**
 * Lua shared by the saver's scripts, put in front of each. Every script receives the
 * keys of one thread in `THREAD_KEY_PARTS` order (`KEYS[1]` = meta, `KEYS[2]` = ids,
 * `KEYS[3]` = ns, `KEYS[4]` = cp, `KEYS[5]` = md, `KEYS[6]` = rf, `KEYS[7]` = v,
 * `KEYS[8]` = w, `KEYS[9]` = wi), all in one hash slot. Times come in as arguments
 * (the saver's `now` clock), never from the server's `TIME`.
 */
export const SAVER_LUA_PRELUDE = String.raw`
local SEP = "\0"

-- Inclusive lower and exclusive upper lexical bounds of the members that start with prefix..SEP.
local function lex_min(prefix) return "[" .. prefix .. SEP end
local function lex_max(prefix) return "(" .. prefix .. "\1" end

-- HMGET / HDEL over any number of fields (unpack has a limit of a few thousand values).
local function hmget_all(key, fields)
  local out = {}
  for i = 1, #fields, 1000 do
    local part = redis.call("HMGET", key, unpack(fields, i, math.min(i + 999, #fields)))
    for j = 1, #part do out[#out + 1] = part[j] end
  end
  return out
end
local function hdel_all(key, fields)
  for i = 1, #fields, 1000 do
    redis.call("HDEL", key, unpack(fields, i, math.min(i + 999, #fields)))
  end
end

-- Deletes every key of the thread; returns its ids members (id SEP ns), for the global index.
local function drop_thread()
  local members = redis.call("ZRANGE", KEYS[2], 0, -1)
  -- UNLINK: a long thread's keys are freed in the background, without blocking Redis.
  redis.call("UNLINK", unpack(KEYS))
  return members
end

-- Drops the thread when its last access is at or before cutoff ("" = no TTL).
-- Returns the dropped ids members, or nil when the thread lives on.
local function expire_if_due(cutoff)
  if cutoff == "" then return nil end
  local access = redis.call("HGET", KEYS[1], "access")
  if access and tonumber(access) <= tonumber(cutoff) then return drop_thread() end
  return nil
end

-- The reply fields of expire_if_due: a flag and the dropped members.
local function expiry_reply(expired)
  if expired then return 1, expired end
  return 0, {}
end
`;

/** A saver script: `body` runs after {@link SAVER_LUA_PRELUDE}. */
export function saverScript(name: string, body: string): LuaScript {
  return luaScript(name, SAVER_LUA_PRELUDE + body);
}
