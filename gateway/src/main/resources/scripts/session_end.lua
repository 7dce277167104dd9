-- Ends a session and, for an end the user should hear about (the IdP refused the refresh token), leaves a short
-- tombstone so that requests still carrying the cookie, on any instance, learn why. Every gateway's near cache hears
-- of the end (SessionEvents.CHANNEL, version 'e').
-- KEYS[1] the session hash, KEYS[2] its tombstone; ARGV[1] the reason ('' for none), ARGV[2] tombstone life (ms),
-- ARGV[3] the events channel. Returns 1 when a session was deleted, 0 when there was none.
local deleted = redis.call('DEL', KEYS[1])
if ARGV[1] ~= '' then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
end
if deleted == 1 then
  local now = redis.call('TIME')
  redis.call('PUBLISH', ARGV[3], string.match(KEYS[1], '{(.*)}') .. ' e ' .. now[1] .. ' ' .. now[2])
end
return deleted
