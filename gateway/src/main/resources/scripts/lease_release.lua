-- Releases a refresh lease if the caller still owns it, and tells waiting instances.
-- KEYS[1] the lease; ARGV[1] the owner token, ARGV[2] the notification channel, ARGV[3] the session tag.
-- Returns 1 if released, 0 if the lease had expired or passed to another owner (left alone).
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0
