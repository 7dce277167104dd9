-- Ends a session only if it still belongs to the given owner, so a stale index entry never ends another login; every
-- gateway's near cache hears of the end (SessionEvents.CHANNEL, version 'e').
-- KEYS[1] the session hash; ARGV[1] the owner field ('si' or 'su'), ARGV[2] the owner hash it must hold,
-- ARGV[3] the events channel. Returns 1 when ended, 0 when it belongs to someone else, -1 when it is gone already.
local owner = redis.call('HGET', KEYS[1], ARGV[1])
if not owner then
  if redis.call('EXISTS', KEYS[1]) == 1 then
    return 0
  end
  return -1
end
if owner ~= ARGV[2] then
  return 0
end
redis.call('DEL', KEYS[1])
local now = redis.call('TIME')
redis.call('PUBLISH', ARGV[3], string.match(KEYS[1], '{(.*)}') .. ' e ' .. now[1] .. ' ' .. now[2])
return 1
