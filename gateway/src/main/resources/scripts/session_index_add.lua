-- Lists a session in an index (by IdP session id or by subject) and keeps the index alive at least as long as it.
-- KEYS[1] the index, a sorted set of session tags scored by when they were listed; ARGV[1] the session's tag,
-- ARGV[2] now (ms), ARGV[3] time to live (ms): the absolute timeout and a margin, which outlasts every session
-- listed earlier. Returns the number of entries.
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return redis.call('ZCARD', KEYS[1])
