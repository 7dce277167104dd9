package dev.sessiongate.sandbox;

import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * What a benchmark wants to know about the Redis behind the gateway: how many commands of each kind it has run, and
 * how much memory the sessions take. Standalone Redis only; blocking, so callers keep it off event loops.
 */
final class RedisFacts implements AutoCloseable {

	/** Session hashes ({@code RedisSessionStore}): {@code sg:{tag}:s}. */
	static final String SESSION_KEYS = "sg:*:s";

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

	/** Count and total {@code MEMORY USAGE} of the session hashes. */
	SessionMemory sessionMemory() {
		RedisCommands<String, String> commands = commands();
		long count = 0;
		long bytes = 0;
		ScanArgs match = ScanArgs.Builder.matches(SESSION_KEYS).limit(1000);
		KeyScanCursor<String> cursor = commands.scan(match);
		while (true) {
			for (String key : cursor.getKeys()) {
				Long usage = commands.memoryUsage(key);
				if (usage != null) {
					count++;
					bytes += usage;
				}
			}
			if (cursor.isFinished()) {
				return new SessionMemory(count, bytes);
			}
			cursor = commands.scan(ScanCursor.of(cursor.getCursor()), match);
		}
	}

	private RedisCommands<String, String> commands() {
		return this.connection.sync();
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

	record SessionMemory(long sessions, long bytes) {

		Map<String, Object> toMap() {
			return Map.of("sessions", this.sessions, "bytes", this.bytes, "bytesPerSession",
					(this.sessions > 0) ? this.bytes / this.sessions : 0);
		}

	}

}
