-- Lists a session in an index (by IdP session id or by subject) and keeps the index alive at least as long as it.
-- KEYS[1] the index set; ARGV[1] the session's tag, ARGV[2] time to live (ms): the absolute timeout and a margin,
-- which outlasts every session listed earlier. Returns the number of entries.
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('SCARD', KEYS[1])
