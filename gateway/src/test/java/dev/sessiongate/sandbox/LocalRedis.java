package dev.sessiongate.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free loopback port: the one on the PATH, or
 * else the binary packaged in {@code com.github.codemonstur:embedded-redis}, so tests run
 * on a machine with only a JDK. {@code REDIS_URL} points tests at an existing server
 * instead.
 */
public final class LocalRedis implements AutoCloseable {

	private static LocalRedis shared;

	private volatile Process process;

	private final String url;

	private final int port;

	private final List<String> command;

	private LocalRedis(Process process, String url, int port, List<String> command) {
		this.process = process;
		this.url = url;
		this.port = port;
		this.command = command;
	}

	/** One server for the whole test JVM (or {@code REDIS_URL}), stopped when the JVM exits. */
	public static synchronized LocalRedis shared() {
		if (shared == null) {
			String external = System.getenv("REDIS_URL");
			shared = (external != null && !external.isBlank()) ? new LocalRedis(null, external, -1, List.of())
					: start(List.of());
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	/** Whether {@code url} is the shared server's, which stands for the selected {@link RedisTopology}. */
	static synchronized boolean isShared(String url) {
		return shared != null && shared.url.equals(url);
	}

	/** Starts a new server with extra {@code --name value} arguments (cluster mode, say). */
	public static LocalRedis start(List<String> extraArguments) {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(binary().toString(), "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"));
		command.addAll(extraArguments);
		return new LocalRedis(launch(command, port), "redis://127.0.0.1:" + port, port, List.copyOf(command));
	}

	/**
	 * Starts a server that keeps its data on disk (an append-only file synced on every write,
	 * in a fresh temporary directory), so {@link #stop()} and {@link #restart()} lose nothing it
	 * acknowledged: the way a production Redis comes back from a restart.
	 */
	public static LocalRedis startPersistent() {
		try {
			java.nio.file.Path directory = Files.createTempDirectory("sessiongate-redis");
			directory.toFile().deleteOnExit();
			return start(List.of("--dir", directory.toString(), "--appendonly", "yes", "--appendfsync", "always"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Process launch(List<String> command, int port) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			awaitReady(process, port, "Ready to accept connections");
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start redis-server", ex);
		}
	}

	/** The server's process id, as {@code kill} takes it. */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Stops the server by its PID ({@code SIGTERM}: it refuses new connections, syncs its
	 * data and exits) and waits until it is gone. Connections to it are closed.
	 */
	public void stop() {
		signal("TERM");
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server " + pid() + " did not stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts the server again on the same port with the same arguments (and so the same data directory). */
	public void restart() {
		this.process = launch(this.command, this.port);
	}

	public String url() {
		return this.url;
	}

	public int port() {
		return this.port;
	}

	/** Whether this server is a process of ours that can be killed (not REDIS_URL's). */
	public boolean isLocalProcess() {
		return this.process != null;
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.destroyForcibly();
		}
	}

	/** Freezes the server (SIGSTOP): connections stay open, commands get no answer. */
	public void pause() {
		signal("STOP");
	}

	/** Thaws a paused server; everything it held is still there. */
	public void resume() {
		signal("CONT");
	}

	private void signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + name + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Whether the server's process is running. */
	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** Kills the server at once, as a crash would (for failure tests). */
	public void kill() {
		close();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Waits until the process logs {@code readyLine}; sentinels never log the server's line. */
	static void awaitReady(Process process, int port, String readyLine) {
		CompletableFuture<Void> ready = new CompletableFuture<>();
		StringBuilder output = new StringBuilder();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					if (!ready.isDone()) {
						output.append(line).append('\n');
					}
					if (line.contains(readyLine)) {
						ready.complete(null);
					}
				}
				ready.completeExceptionally(new IllegalStateException("redis-server exited:\n" + output));
			}
			catch (IOException ex) {
				ready.completeExceptionally(ex);
			}
		}, "redis-" + port);
		reader.setDaemon(true);
		reader.start();
		try {
			ready.get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw new IllegalStateException("redis-server did not start on port " + port + ": " + output, ex);
		}
	}

	static Path binary() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(directory, "redis-server");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return packagedBinary();
	}

	private static synchronized Path packagedBinary() {
		String arch = System.getProperty("os.arch").contains("aarch64") ? "redis-server-6.2.7-linux-arm64"
				: "redis-server-6.2.6-v5-linux-amd64";
		try (InputStream in = LocalRedis.class.getResourceAsStream("/" + arch)) {
			if (in == null) {
				throw new IllegalStateException("no redis-server on PATH and none packaged for this platform");
			}
			Path target = Path.of(System.getProperty("java.io.tmpdir"), "sessiongate-" + arch);
			if (!Files.isExecutable(target)) {
				Path partial = Files.createTempFile("sessiongate-redis", ".partial");
				Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
				partial.toFile().setExecutable(true);
				Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
