package dev.sessiongate.load;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Redis commands run between two {@code INFO commandstats} snapshots, without the admin API's own reads. Commands a
 * session script runs inside Redis count under their own names as well as the script's {@code evalsha}, so
 * {@code evalsha} per request is the round-trip figure and the total includes the script's inner commands.
 */
final class RedisWindow {

	// The sandbox admin's own traffic: INFO, SCAN and MEMORY USAGE for these figures, HELLO/CLIENT on connect.
	private static final Set<String> ADMIN_COMMANDS = Set.of("info", "scan", "memory", "memory|usage", "hello",
			"client", "client|setinfo", "ping", "command");

	private final Map<String, Long> start;

	private RedisWindow(Map<String, Long> start) {
		this.start = start;
	}

	static RedisWindow open(SandboxAdminClient admin) {
		return new RedisWindow(calls(admin.redis()));
	}

	/** Commands run since {@link #open}, by name; only names that ran. */
	Map<String, Long> close(SandboxAdminClient admin) {
		Map<String, Long> delta = new TreeMap<>();
		calls(admin.redis()).forEach((name, calls) -> {
			long ran = calls - this.start.getOrDefault(name, 0L);
			if (ran > 0 && !ADMIN_COMMANDS.contains(name)) {
				delta.put(name, ran);
			}
		});
		return delta;
	}

	private static Map<String, Long> calls(JsonNode redis) {
		Map<String, Long> calls = new TreeMap<>();
		Iterator<Map.Entry<String, JsonNode>> fields = redis.get("commandCalls").fields();
		fields.forEachRemaining(field -> calls.put(field.getKey(), field.getValue().asLong()));
		return calls;
	}

}
