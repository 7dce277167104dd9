-- Replaces a session's sealed value if nobody updated it since it was read (compare-and-set on the version).
-- KEYS[1] the session hash; ARGV[1] the version read, ARGV[2] the new sealed value.
-- Returns the new version, 0 when another update came first, -1 when the session is gone.
local version = redis.call('HGET', KEYS[1], 'v')
if not version then
  return -1
end
if version ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'd', ARGV[2])
return redis.call('HINCRBY', KEYS[1], 'v', 1)
