package dev.sessiongate.sandbox;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness's Sentinel: a sentinel that names the master, so a client that knows only
 * the sentinel and the master's name writes to the master.
 */
class LocalRedisSentinelIntegrationTests {

	private static LocalRedisSentinel sentinel;

	private static RedisClient client;

	@BeforeAll
	static void start() {
		sentinel = LocalRedisSentinel.start();
		client = RedisClient.create();
	}

	@AfterAll
	static void stop() {
		client.shutdown();
		sentinel.close();
	}

	@Test
	void sentinelWhenAskedForTheMasterByNameThenAnswersItsAddress() {
		try (StatefulRedisSentinelConnection<String, String> connection = client
			.connectSentinel(RedisURI.create("redis://" + sentinel.sentinelNodes()))) {
			SocketAddress address = connection.sync().getMasterAddrByName(sentinel.master());

			assertThat(address).isInstanceOfSatisfying(InetSocketAddress.class,
					master -> assertThat(master.getPort()).isEqualTo(sentinel.masterServer().port()));
		}
	}

	@Test
	void setWhenConnectedThroughTheSentinelThenTheMasterHoldsTheValue() {
		String[] sentinelNode = sentinel.sentinelNodes().split(":");
		RedisURI viaSentinel = RedisURI.Builder
			.sentinel(sentinelNode[0], Integer.parseInt(sentinelNode[1]), sentinel.master())
			.build();
		try (StatefulRedisConnection<String, String> connection = client.connect(viaSentinel)) {
			connection.sync().set("sentinel:probe", "found");
		}

		try (StatefulRedisConnection<String, String> master = client
			.connect(RedisURI.create(sentinel.masterServer().url()))) {
			assertThat(master.sync().get("sentinel:probe")).isEqualTo("found");
		}
	}

}
