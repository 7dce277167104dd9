-- Reads a session and slides its idle timeout, in one round trip.
-- KEYS[1] the session hash; ARGV[1] now (ms), ARGV[2] idle timeout (ms),
-- ARGV[3] touch interval (ms): last-seen is written at most this often, so most reads write nothing;
-- ARGV[4] the events channel, told when an outlived session is deleted (version 'e').
-- Returns {sealed, version, created, seen, deadline}, {} when absent, {'expired'} when it had outlived a timeout.
-- Sessions written since format 3 have no 'c' (it is sealed): created is then false (nil).
local fields = redis.call('HMGET', KEYS[1], 'd', 'v', 'c', 's', 'x')
if not fields[1] then
  return {}
end
local now = tonumber(ARGV[1])
local idle = tonumber(ARGV[2])
local seen = tonumber(fields[4])
local deadline = tonumber(fields[5])
-- Redis expiry is the first line; this check catches clocks and TTLs that disagree.
if now - seen >= idle or now >= deadline then
  redis.call('DEL', KEYS[1])
  local time = redis.call('TIME')
  redis.call('PUBLISH', ARGV[4], string.match(KEYS[1], '{(.*)}') .. ' e ' .. time[1] .. ' ' .. time[2])
  return {'expired'}
end
if now - seen >= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 's', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], math.min(idle, deadline - now))
  fields[4] = ARGV[1]
end
return fields
