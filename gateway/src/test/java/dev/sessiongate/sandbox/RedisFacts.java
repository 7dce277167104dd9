package dev.sessiongate.sandbox;

import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * What a benchmark wants to know about the Redis behind the gateway: how many commands of each kind it has run, and
 * how much memory the sessions take. Standalone Redis only; blocking, so callers keep it off event loops.
 */
final class RedisFacts implements AutoCloseable {

	/** Session hashes ({@code RedisSessionStore}): {@code sg:{tag}:s}. */
	static final String SESSION_KEYS = "sg:*:s";

	/** Session indexes by sid and by subject, for back-channel logout ({@code SessionOwner}): {@code sg:{sid:..}:i}. */
	static final String INDEX_KEYS = "sg:*:i";

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	RedisFacts(String url) {
		this.client = RedisClient.create(url);
		this.connection = this.client.connect();
	}

	/**
	 * Calls per command since the server started ({@code INFO commandstats}). Commands a Lua script runs are
	 * counted too, under their own names, besides the script's {@code evalsha}.
	 */
	Map<String, Long> commandCalls() {
		Map<String, Long> calls = new TreeMap<>();
		for (String line : commands().info("commandstats").split("\r?\n")) {
			// cmdstat_evalsha:calls=12,usec=345,usec_per_call=28.75,...
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String fields = line.substring(line.indexOf(':') + 1);
				calls.put(name, Long.parseLong(fields.substring("calls=".length(), fields.indexOf(','))));
			}
		}
		return calls;
	}

	/** Count and total {@code MEMORY USAGE} of the session hashes, and of the index keys beside them. */
	SessionMemory sessionMemory() {
		KeysMemory sessions = memory(SESSION_KEYS);
		KeysMemory indexes = memory(INDEX_KEYS);
		return new SessionMemory(sessions.count(), sessions.bytes(), indexes.count(), indexes.bytes());
	}

	private KeysMemory memory(String pattern) {
		RedisCommands<String, String> commands = commands();
		long count = 0;
		long bytes = 0;
		ScanArgs match = ScanArgs.Builder.matches(pattern).limit(1000);
		KeyScanCursor<String> cursor = commands.scan(match);
		while (true) {
			for (String key : cursor.getKeys()) {
				Long usage = exactMemoryUsage(key);
				if (usage != null) {
					count++;
					bytes += usage;
				}
			}
			if (cursor.isFinished()) {
				return new KeysMemory(count, bytes);
			}
			cursor = commands.scan(ScanCursor.of(cursor.getCursor()), match);
		}
	}

	/**
	 * {@code MEMORY USAGE key SAMPLES 0}: without SAMPLES 0, Redis estimates a hash from five
	 * of its fields, and a session's one large field (the sealed value) may be left out.
	 */
	private Long exactMemoryUsage(String key) {
		StringCodec codec = StringCodec.UTF8;
		return commands().dispatch(CommandType.MEMORY, new IntegerOutput<>(codec),
				new CommandArgs<>(codec).add("USAGE").addKey(key).add("SAMPLES").add(0));
	}

	private RedisCommands<String, String> commands() {
		return this.connection.sync();
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

	private record KeysMemory(long count, long bytes) {
	}

	record SessionMemory(long sessions, long bytes, long indexKeys, long indexBytes) {

		Map<String, Object> toMap() {
			return Map.of("sessions", this.sessions, "bytes", this.bytes, "bytesPerSession", perSession(this.bytes),
					"indexKeys", this.indexKeys, "indexBytes", this.indexBytes, "bytesPerSessionWithIndexes",
					perSession(this.bytes + this.indexBytes));
		}

		private long perSession(long total) {
			return (this.sessions > 0) ? total / this.sessions : 0;
		}

	}

}
