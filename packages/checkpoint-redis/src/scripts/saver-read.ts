import { saverScript } from "./saver-common.ts";

/**
 * Reads checkpoints of one thread in one consistent snapshot: header, metadata, value
 * map and pending writes of each (channel values are fetched afterwards, by reference).
 * Drops the thread first if its TTL ran out; with `touch`, counts as an access.
 *
 * ARGV: now, TTL cutoff ("" = none), touch "1"/"0", mode, then by mode:
 * - `latest`: ns (the newest checkpoint of that namespace);
 * - `fields`: checkpoint fields (`<ns>\0<id>`), missing ones are skipped;
 * - `range`: index ("ids" or "ns"), max and min (ZREVRANGEBYLEX bounds), count.
 * Reply: { expired 0/1, dropped ids members, entries, last index member read or false,
 * number of checkpoints looked for },
 * each entry { field, header, metadata, refs, { write records in task, index order } }.
 */
export const LOAD_CHECKPOINTS = saverScript(
  "load",
  `
local expired = expire_if_due(ARGV[2])
if expired then return {1, expired, {}, false, 0} end
local mode = ARGV[4]
local fields = {}
local last = false
if mode == "latest" then
  local top = redis.call("ZREVRANGEBYLEX", KEYS[3], lex_max(ARGV[5]), lex_min(ARGV[5]), "LIMIT", 0, 1)
  if top[1] then fields[1] = top[1] end
elseif mode == "fields" then
  for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
else
  local index = ARGV[5] == "ids" and KEYS[2] or KEYS[3]
  local members = redis.call("ZREVRANGEBYLEX", index, ARGV[6], ARGV[7], "LIMIT", 0, tonumber(ARGV[8]))
  for _, member in ipairs(members) do
    if ARGV[5] == "ids" then
      local cut = string.find(member, SEP, 1, true)
      fields[#fields + 1] = string.sub(member, cut + 1) .. SEP .. string.sub(member, 1, cut - 1)
    else
      fields[#fields + 1] = member
    end
    last = member
  end
end
local entries = {}
for _, field in ipairs(fields) do
  local header = redis.call("HGET", KEYS[4], field)
  if header then
    local writes = redis.call("ZRANGEBYLEX", KEYS[9], lex_min(field), lex_max(field))
    local records = {}
    if #writes > 0 then records = hmget_all(KEYS[8], writes) end
    entries[#entries + 1] = {
      field, header, redis.call("HGET", KEYS[5], field), redis.call("HGET", KEYS[6], field), records,
    }
  end
end
if ARGV[3] == "1" and redis.call("EXISTS", KEYS[1]) == 1 then
  redis.call("HSET", KEYS[1], "access", ARGV[1])
end
return {0, {}, entries, last, #fields}
`,
);
