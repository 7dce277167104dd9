-- Ends a session only if it still belongs to the given owner, so a stale index entry never ends another login.
-- KEYS[1] the session hash; ARGV[1] the owner field ('si' or 'su'), ARGV[2] the owner hash it must hold.
-- Returns 1 when ended, 0 when it belongs to someone else, -1 when it is gone already.
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
return 1
