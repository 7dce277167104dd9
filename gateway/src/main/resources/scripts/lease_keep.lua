-- Keeps a refresh lease for its owner: extends it if the owner holds it, takes it again if it is gone (it expired
-- while Redis was unreachable), and leaves it alone if another instance holds it now.
-- KEYS[1] the lease; ARGV[1] the owner token, ARGV[2] the lease time (ms). Returns 1 if held now, 0 if another holds it.
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] or not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
