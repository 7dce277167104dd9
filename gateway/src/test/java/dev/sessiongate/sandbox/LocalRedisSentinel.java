package dev.sessiongate.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A master {@code redis-server} watched by one sentinel: the same binary in sentinel
 * mode, so clients find the master by name the way a Sentinel deployment makes them. No
 * replicas: the tests check discovery through the sentinel, not failover.
 */
public final class LocalRedisSentinel implements AutoCloseable {

	private static final String MASTER_NAME = "mymaster";

	private static LocalRedisSentinel shared;

	private final LocalRedis master;

	private final Process sentinel;

	private final int sentinelPort;

	private LocalRedisSentinel(LocalRedis master, Process sentinel, int sentinelPort) {
		this.master = master;
		this.sentinel = sentinel;
		this.sentinelPort = sentinelPort;
	}

	/** One master and sentinel for the whole test JVM, stopped when the JVM exits. */
	public static synchronized LocalRedisSentinel shared() {
		if (shared == null) {
			shared = start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	public static LocalRedisSentinel start() {
		LocalRedis master = LocalRedis.start(List.of());
		int port = LocalRedis.freePort();
		try {
			Path config = writeConfig(port, master.port());
			Process sentinel = new ProcessBuilder(LocalRedis.binary().toString(), config.toString(), "--sentinel")
				.redirectErrorStream(true)
				.start();
			// A sentinel never logs "Ready to accept connections"; it is listening once it monitors.
			LocalRedis.awaitReady(sentinel, port, "+monitor master " + MASTER_NAME);
			return new LocalRedisSentinel(master, sentinel, port);
		}
		catch (IOException ex) {
			master.close();
			throw new UncheckedIOException("could not start redis-server --sentinel", ex);
		}
		catch (RuntimeException ex) {
			master.close();
			throw ex;
		}
	}

	/** The monitored master's name, for {@code spring.data.redis.sentinel.master}. */
	public String master() {
		return MASTER_NAME;
	}

	/** For {@code spring.data.redis.sentinel.nodes}: {@code host:port,...}. */
	public String sentinelNodes() {
		return "127.0.0.1:" + this.sentinelPort;
	}

	/** The master itself, for checking where writes landed. */
	public LocalRedis masterServer() {
		return this.master;
	}

	@Override
	public void close() {
		this.sentinel.destroyForcibly();
		this.master.close();
	}

	// Sentinel rewrites its configuration file at runtime, so it must be a writable file of its own.
	private static Path writeConfig(int port, int masterPort) throws IOException {
		Path directory = Files.createTempDirectory("sessiongate-sentinel");
		Path config = directory.resolve("sentinel.conf");
		Files.writeString(config, String.join("\n", "port " + port, "bind 127.0.0.1", "protected-mode no",
				"dir " + directory, "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 1",
				"sentinel down-after-milliseconds " + MASTER_NAME + " 2000", ""));
		config.toFile().deleteOnExit();
		directory.toFile().deleteOnExit();
		return config;
	}

}
