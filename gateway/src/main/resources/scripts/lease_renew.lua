-- Extends a refresh lease if the caller still owns it.
-- KEYS[1] the lease; ARGV[1] the owner token, ARGV[2] the lease time (ms). Returns 1 if renewed, 0 if lost.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
