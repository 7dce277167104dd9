-- Counts the session hashes (sg:{<tag>}:s) among ARGV[1] random keys, for the live-sessions
-- estimate: one round trip instead of one per key. Takes no keys and writes nothing; on a
-- cluster it samples the one primary it runs on, whose keys are a fair share of the whole.
local sessions = 0
for _ = 1, tonumber(ARGV[1]) do
  local key = redis.call('RANDOMKEY')
  if key and string.sub(key, 1, 4) == 'sg:{' and string.sub(key, -3) == '}:s' then
    sessions = sessions + 1
  end
end
return sessions
