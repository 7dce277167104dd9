package dev.sessiongate.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sessiongate.SessiongateApplication;

/**
 * A gateway in a process of its own, for tests that kill an instance the way a crash
 * would ({@code SIGKILL}: no shutdown hooks, no lease released).
 */
public final class GatewayProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private GatewayProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	public static GatewayProcess start(Map<String, Object> properties) {
		// A free port found here can be taken by another process before the gateway binds it.
		for (int attempt = 1;; attempt++) {
			try {
				return startOnFreePort(properties);
			}
			catch (PortTakenException ex) {
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

	private static GatewayProcess startOnFreePort(Map<String, Object> properties) {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-cp", classpath(), SessiongateApplication.class.getName()));
		Map<String, Object> settings = new java.util.LinkedHashMap<>(properties);
		settings.put("server.port", port);
		settings.put("management.server.port", 0);
		settings.put("spring.main.banner-mode", "off");
		settings.forEach((name, value) -> command.add("--" + name + "=" + value));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			awaitStarted(process);
			return new GatewayProcess(process, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Kills the process with SIGKILL and waits until it is gone. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		kill();
	}

	private static void awaitStarted(Process process) {
		CompletableFuture<Void> started = new CompletableFuture<>();
		StringBuilder output = new StringBuilder();
		// -Dgateway.process.log=FILE keeps the process' output (the fault run's gateway log).
		String logFile = System.getProperty("gateway.process.log");
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
					java.io.Writer log = (logFile != null)
							? java.nio.file.Files.newBufferedWriter(Path.of(logFile), StandardCharsets.UTF_8,
									java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)
							: java.io.Writer.nullWriter()) {
				for (String line = lines.readLine(); line != null; line = lines.readLine()) {
					log.write(line + "\n");
					log.flush();
					if (!started.isDone()) {
						output.append(line).append('\n');
					}
					if (line.contains("Started SessiongateApplication")) {
						started.complete(null);
					}
				}
				started.completeExceptionally(new IllegalStateException("gateway process exited"));
			}
			catch (IOException ex) {
				started.completeExceptionally(ex);
			}
		}, "gateway-process");
		reader.setDaemon(true);
		reader.start();
		try {
			started.get(90, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.destroyForcibly();
			if (output.toString().contains("was already in use")) {
				throw new PortTakenException(output.toString());
			}
			throw new IllegalStateException("gateway process did not start:\n" + output, ex);
		}
	}

	/** The test classpath; Surefire and Failsafe hide it behind a manifest-only jar. */
	private static String classpath() {
		String testClasspath = System.getProperty("surefire.test.class.path");
		return (testClasspath != null && !testClasspath.isBlank()) ? testClasspath
				: System.getProperty("java.class.path");
	}

	private static final class PortTakenException extends IllegalStateException {

		PortTakenException(String output) {
			super("gateway process found its port taken:\n" + output);
		}

	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
