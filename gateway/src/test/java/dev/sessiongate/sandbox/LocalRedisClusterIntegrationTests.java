package dev.sessiongate.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness's Redis Cluster: it forms, it spreads keys over its masters, and a
 * session's hash tag keeps all of that session's keys on one node.
 */
class LocalRedisClusterIntegrationTests {

	private static LocalRedisCluster cluster;

	private static RedisClusterClient clusterClient;

	private static StatefulRedisClusterConnection<String, String> clusterConnection;

	private static RedisAdvancedClusterCommands<String, String> redis;

	@BeforeAll
	static void start() {
		cluster = LocalRedisCluster.start();
		clusterClient = RedisClusterClient.create(List.of(cluster.nodes().split(","))
			.stream()
			.map(node -> RedisURI.create("redis://" + node))
			.toList());
		clusterConnection = clusterClient.connect();
		redis = clusterConnection.sync();
	}

	@AfterAll
	static void stop() {
		clusterConnection.close();
		clusterClient.shutdown();
		cluster.close();
	}

	@Test
	void clusterWhenStartedThenEveryNodeSeesAllSlotsServed() {
		List<String> infos = onEachNode(RedisCommands::clusterInfo);

		assertThat(infos).hasSize(3)
			.allSatisfy(info -> assertThat(info).contains("cluster_state:ok")
				.contains("cluster_slots_assigned:" + LocalRedisCluster.SLOTS)
				.contains("cluster_known_nodes:3"));
	}

	@Test
	void setWhenManyKeysThenEveryMasterHoldsSome() {
		for (int i = 0; i < 100; i++) {
			redis.set("spread:" + i, "x");
		}

		List<Long> counts = onEachNode(node -> (long) node.keys("spread:*").size());

		assertThat(counts).hasSize(3).allSatisfy(count -> assertThat(count).isPositive());
		assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
	}

	@Test
	void setWhenKeysShareASessionTagThenOneSlotOnOneNodeHoldsThemAll() {
		List<String> keys = List.of("sg:{abc123}:s", "sg:{abc123}:lease", "sg:{abc123}:refreshed");
		keys.forEach(key -> redis.set(key, "x"));

		assertThat(keys.stream().map(redis::clusterKeyslot).distinct()).hasSize(1);
		List<Integer> held = onEachNode(node -> node.keys("sg:{abc123}:*").size());
		assertThat(held).containsExactlyInAnyOrder(3, 0, 0);
	}

	private static <T> List<T> onEachNode(Function<RedisCommands<String, String>, T> command) {
		RedisClient client = RedisClient.create();
		try {
			List<T> results = new ArrayList<>();
			for (String url : cluster.nodeUrls()) {
				try (StatefulRedisConnection<String, String> node = client.connect(RedisURI.create(url))) {
					results.add(command.apply(node.sync()));
				}
			}
			return results;
		}
		finally {
			client.shutdown();
		}
	}

}
