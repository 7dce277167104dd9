package dev.sessiongate.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A real Keycloak server process ({@link KeycloakDistribution}) on free loopback ports, plain
 * HTTP, with the realm {@value #REALM} imported from {@code src/test/resources/keycloak/}.
 * One per test JVM, stopped when it exits; its log is {@code target/keycloak/keycloak.log}.
 */
public final class LocalKeycloak implements AutoCloseable {

	public static final String REALM = "sessiongate";

	// A cold start takes 15-45 s on two busy cores; the bound only catches a server that hangs.
	private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static LocalKeycloak shared;

	private final Process process;

	private final int port;

	private LocalKeycloak(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** The server of this test JVM, started on first use and stopped when the JVM exits. */
	public static synchronized LocalKeycloak shared() {
		if (shared == null) {
			shared = start(KeycloakDistribution.unpacked());
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "keycloak-stop"));
		}
		return shared;
	}

	private static LocalKeycloak start(KeycloakDistribution distribution) {
		long building = System.nanoTime();
		distribution.buildOnce();
		long starting = System.nanoTime();
		distribution.freshDataWithRealm();
		int port = freePort();
		int managementPort = freePort();
		Process process = distribution.start(port, managementPort);
		awaitReady(process, managementPort, distribution);
		// Printed for whoever reads the build's output: start-up is most of the suite's time.
		System.out.printf("Keycloak %s ready on port %d: build %d s, start %d s; log %s%n", distribution, port,
				Duration.ofNanos(starting - building).toSeconds(),
				Duration.ofNanos(System.nanoTime() - starting).toSeconds(), distribution.log());
		return new LocalKeycloak(process, port);
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** The realm's issuer, as its tokens and discovery document name it. */
	public String issuer() {
		return baseUrl() + "/realms/" + REALM;
	}

	public String tokenEndpoint() {
		return issuer() + "/protocol/openid-connect/token";
	}

	@Override
	public void close() {
		stop(this.process);
	}

	// kc.sh forwards SIGTERM to its java child; signalling both covers a shell that died first.
	private static void stop(Process process) {
		process.descendants().forEach(ProcessHandle::destroy);
		process.destroy();
		try {
			if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitReady(Process process, int managementPort, KeycloakDistribution distribution) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
			.timeout(Duration.ofSeconds(5))
			.build();
		try {
			Awaitility.await("Keycloak ready")
				.atMost(READY_TIMEOUT)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> !process.isAlive() || answersUp(http, ready));
		}
		catch (RuntimeException ex) {
			stop(process);
			throw new IllegalStateException(
					"Keycloak did not get ready within " + READY_TIMEOUT + "; see " + distribution.log(), ex);
		}
		if (!process.isAlive()) {
			throw new IllegalStateException(
					"Keycloak exited with " + process.exitValue() + "; see " + distribution.log());
		}
	}

	private static boolean answersUp(HttpClient http, HttpRequest ready) {
		try {
			return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
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
