-- Creates a session unless the key exists (a cookie value is never reused).
-- KEYS[1] the session hash; ARGV[1] sealed value, ARGV[2] now (ms), ARGV[3] absolute deadline (ms),
-- ARGV[4] idle timeout (ms), ARGV[5] hash of the IdP session id (sid), ARGV[6] hash of the subject;
-- either may be empty. Returns 1 when created, 0 when the key existed. The creation time is sealed inside the value
-- (format 3), so the hash holds no 'c': a field less per session.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'v', 1, 's', ARGV[2], 'x', ARGV[3])
-- The owner hashes let a back-channel logout check that an index entry still names this login.
if ARGV[5] and ARGV[5] ~= '' then
  redis.call('HSET', KEYS[1], 'si', ARGV[5])
end
if ARGV[6] and ARGV[6] ~= '' then
  redis.call('HSET', KEYS[1], 'su', ARGV[6])
end
redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) - tonumber(ARGV[2])))
return 1
