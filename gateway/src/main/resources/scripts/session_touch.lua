-- Slides a session's idle timeout for a request a gateway served from its near cache: last-seen moves forward to
-- the time of that request, the key's expiry with it, never past the absolute deadline. Changes nothing a reader
-- caches, so it tells no near cache.
-- KEYS[1] the session hash; ARGV[1] the request's time (ms), ARGV[2] now (ms), ARGV[3] idle timeout (ms).
-- Returns the last-seen time now stored (ms), or -1 when the session is gone or already outlived a timeout.
local fields = redis.call('HMGET', KEYS[1], 's', 'x')
if not fields[1] then
  return -1
end
local seen = tonumber(ARGV[1])
local stored = tonumber(fields[1])
if stored >= seen then
  return stored
end
local ttl = math.min(seen + tonumber(ARGV[3]), tonumber(fields[2])) - tonumber(ARGV[2])
if ttl <= 0 then
  return -1
end
redis.call('HSET', KEYS[1], 's', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)
return seen
