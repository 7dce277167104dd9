-- Replaces a session's sealed value if nobody updated it since it was read (compare-and-set on the version), and
-- tells every gateway's near cache (SessionEvents.CHANNEL) which version is now current.
-- KEYS[1] the session hash; ARGV[1] the version read, ARGV[2] the new sealed value, ARGV[3] the events channel.
-- Returns the new version, 0 when another update came first, -1 when the session is gone.
local version = redis.call('HGET', KEYS[1], 'v')
if not version then
  return -1
end
if version ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'd', ARGV[2])
local updated = redis.call('HINCRBY', KEYS[1], 'v', 1)
local now = redis.call('TIME')
redis.call('PUBLISH', ARGV[3], string.match(KEYS[1], '{(.*)}') .. ' ' .. updated .. ' ' .. now[1] .. ' ' .. now[2])
return updated
