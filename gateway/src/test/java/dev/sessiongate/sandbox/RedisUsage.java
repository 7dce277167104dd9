package dev.sessiongate.sandbox;

import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * How many keys and how much memory the selected {@link RedisTopology} holds, summed over
 * its primaries ({@code DBSIZE}, {@code INFO memory} {@code used_memory}). Blocking: call it
 * from the test thread.
 *
 * @param keys keys over all primaries
 * @param usedMemory bytes Redis reports in use, over all primaries
 */
public record RedisUsage(long keys, long usedMemory) {

	public static RedisUsage now() {
		long keys = 0;
		long usedMemory = 0;
		RedisClient client = RedisClient.create();
		try {
			for (String url : primaries()) {
				try (StatefulRedisConnection<String, String> connection = client.connect(io.lettuce.core.RedisURI.create(url))) {
					keys += connection.sync().dbsize();
					usedMemory += usedMemory(connection.sync().info("memory"));
				}
			}
		}
		finally {
			client.shutdown();
		}
		return new RedisUsage(keys, usedMemory);
	}

	private static List<String> primaries() {
		return switch (RedisTopology.current()) {
			case STANDALONE -> List.of(LocalRedis.shared().url());
			case CLUSTER -> LocalRedisCluster.shared().nodeUrls();
			case SENTINEL -> List.of(LocalRedisSentinel.shared().masterServer().url());
		};
	}

	private static long usedMemory(String info) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith("used_memory:")) {
				return Long.parseLong(line.substring("used_memory:".length()).trim());
			}
		}
		throw new IllegalStateException("INFO memory without used_memory");
	}

}
