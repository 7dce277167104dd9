package dev.sessiongate.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import static org.awaitility.Awaitility.await;

/**
 * A real three-master Redis Cluster of {@code redis-server} processes on free loopback
 * ports, formed by hand (CLUSTER MEET, ADDSLOTS) the way {@code redis-cli --cluster
 * create} does it, because the packaged 6.2 binary comes without redis-cli. No replicas:
 * the tests need slots spread over nodes, not failover.
 */
public final class LocalRedisCluster implements AutoCloseable {

	static final int SLOTS = 16384;

	private static final int MASTERS = 3;

	// Redis 6.2 has no ADDSLOTSRANGE; batches keep each command a reasonable size.
	private static final int SLOTS_PER_COMMAND = 1024;

	private static LocalRedisCluster shared;

	private final List<LocalRedis> masters;

	private final Path directory;

	private LocalRedisCluster(List<LocalRedis> masters, Path directory) {
		this.masters = masters;
		this.directory = directory;
	}

	/** One cluster for the whole test JVM, stopped when the JVM exits. */
	public static synchronized LocalRedisCluster shared() {
		if (shared == null) {
			shared = start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	public static LocalRedisCluster start() {
		Path directory = temporaryDirectory();
		List<LocalRedis> masters = new ArrayList<>();
		LocalRedisCluster cluster = new LocalRedisCluster(masters, directory);
		try {
			for (int i = 0; i < MASTERS; i++) {
				masters.add(LocalRedis.start(List.of("--cluster-enabled", "yes", "--cluster-config-file",
						directory.resolve("nodes-" + i + ".conf").toString(), "--cluster-node-timeout", "2000",
						"--dir", directory.toString())));
			}
			cluster.form();
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** Seed nodes as {@code spring.data.redis.cluster.nodes} takes them: {@code host:port,...}. */
	public String nodes() {
		return this.masters.stream().map(master -> "127.0.0.1:" + master.port()).collect(Collectors.joining(","));
	}

	/** One URL per master, for talking to a node directly (no redirects followed). */
	public List<String> nodeUrls() {
		return this.masters.stream().map(LocalRedis::url).toList();
	}

	@Override
	public void close() {
		this.masters.forEach(LocalRedis::close);
		deleteQuietly(this.directory);
	}

	private void form() {
		RedisClient client = RedisClient.create();
		List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
		try {
			for (LocalRedis master : this.masters) {
				connections.add(client.connect(RedisURI.create(master.url())));
			}
			List<RedisCommands<String, String>> nodes = connections.stream().map(StatefulRedisConnection::sync).toList();
			for (int i = 0; i < nodes.size(); i++) {
				// Distinct epochs up front spare the nodes a round of epoch collision handling.
				nodes.get(i).clusterSetConfigEpoch(i + 1);
				assignSlots(nodes.get(i), SLOTS * i / nodes.size(), SLOTS * (i + 1) / nodes.size());
			}
			for (LocalRedis other : this.masters.subList(1, this.masters.size())) {
				nodes.get(0).clusterMeet("127.0.0.1", other.port());
			}
			// Every node must have learnt every slot's owner by gossip before clients may use it.
			await("cluster_state:ok on every node").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> nodes.stream().allMatch(LocalRedisCluster::isReady));
		}
		finally {
			connections.forEach(StatefulRedisConnection::close);
			client.shutdown();
		}
	}

	private static void assignSlots(RedisCommands<String, String> node, int from, int to) {
		for (int start = from; start < to; start += SLOTS_PER_COMMAND) {
			int end = Math.min(start + SLOTS_PER_COMMAND, to);
			node.clusterAddSlots(IntStream.range(start, end).toArray());
		}
	}

	private static boolean isReady(RedisCommands<String, String> node) {
		String info = node.clusterInfo();
		return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + MASTERS);
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("sessiongate-cluster");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temporary directory is harmless.
		}
	}

}
