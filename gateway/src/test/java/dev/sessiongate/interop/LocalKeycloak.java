package dev.sessiongate.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * A real Keycloak server process (the {@code keycloak-quarkus-dist} that the Maven profile
 * {@code keycloak} unpacks into {@code target/}), on a JDK 21+ ({@link KeycloakJdk}), plain
 * HTTP on free loopback ports, with the realm {@value #REALM} imported from
 * {@code src/test/resources/keycloak/}. One per test JVM; its log is kept beside the
 * unpacked server ({@code target/keycloak/keycloak.log}).
 */
public final class LocalKeycloak implements AutoCloseable {

	public static final String REALM = "sessiongate";

	/** Set by the Maven profile: the unpacked distribution's directory. */
	static final String HOME_PROPERTY = "sessiongate.test.keycloak.home";

	private static final String REALM_RESOURCE = "/keycloak/sessiongate-realm.json";

	// Build-time options, applied once per unpacked server by `kc.sh build` so that every
	// start can skip Quarkus' augmentation (about 20 s): `start-dev` would redo it each time.
	private static final List<String> BUILD_OPTIONS = List.of("--db=dev-file", "--health-enabled=true");

	private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

	// A cold start takes 15-30 s on two busy cores; the bound only catches a server that hangs.
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
			shared = start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "keycloak-stop"));
		}
		return shared;
	}

	private static LocalKeycloak start() {
		Path home = home();
		Path log = freshLog(home.getParent().resolve("keycloak.log"));
		Path javaHome = KeycloakJdk.home();
		Map<String, String> environment = environment(javaHome);
		long building = System.nanoTime();
		buildOnce(home, log, environment);
		Duration build = Duration.ofNanos(System.nanoTime() - building);
		importRealm(home);
		int port = freePort();
		int managementPort = freePort();
		List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
				// One node, no cluster discovery: JGroups would add seconds and probe the network.
				"--cache=local", "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
				"--http-management-port=" + managementPort, "--hostname=http://127.0.0.1:" + port, "--import-realm"));
		long starting = System.nanoTime();
		Process process = launch(command, environment, log);
		awaitReady(process, managementPort, log);
		// Printed for whoever reads the build's output: start-up is most of the suite's time.
		System.out.printf("Keycloak %s ready on port %d: build %d s, start %d s, on %s; log %s%n", home.getFileName(),
				port, build.toSeconds(), Duration.ofNanos(System.nanoTime() - starting).toSeconds(), javaHome, log);
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
		// kc.sh forwards SIGTERM to its java child; signalling both covers a shell that died first.
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Path home() {
		String home = System.getProperty(HOME_PROPERTY);
		if (home == null || home.isBlank() || !Files.isExecutable(Path.of(home, "bin/kc.sh"))) {
			throw new IllegalStateException("No Keycloak distribution at " + HOME_PROPERTY + "=" + home
					+ ": run the interop suite through its profile, ./mvnw -pl gateway -Pkeycloak verify");
		}
		return Path.of(home);
	}

	/** The log of this run only, so that it reads from the top. */
	private static Path freshLog(Path log) {
		try {
			Files.deleteIfExists(log);
			return log;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, String> environment(Path javaHome) {
		return Map.of("JAVA_HOME", javaHome.toString(),
				// Keycloak sizes its heap from the machine's memory by default; the machine is shared.
				"JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m",
				// C1 only: on two busy cores this halves the start (about 30 s instead of 60 s),
				// and a test's few hundred requests never pay for C2's optimisations.
				"JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
	}

	/** Runs {@code kc.sh build} unless this unpacked server was built with the same options. */
	private static void buildOnce(Path home, Path log, Map<String, String> environment) {
		Path marker = home.resolve("sessiongate-build-options");
		String options = String.join(" ", BUILD_OPTIONS);
		try {
			if (Files.exists(marker) && Files.readString(marker).equals(options)) {
				return;
			}
			List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
			command.addAll(BUILD_OPTIONS);
			Process build = launch(command, environment, log);
			if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || build.exitValue() != 0) {
				build.destroyForcibly();
				throw new IllegalStateException("kc.sh build failed; see " + log);
			}
			Files.writeString(marker, options);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while building Keycloak", ex);
		}
	}

	/** A fresh data directory (dev-file database, nothing from an earlier run) holding the realm to import. */
	private static void importRealm(Path home) {
		Path data = home.resolve("data");
		try (InputStream realm = LocalKeycloak.class.getResourceAsStream(REALM_RESOURCE)) {
			if (realm == null) {
				throw new IllegalStateException("no " + REALM_RESOURCE + " on the test classpath");
			}
			deleteRecursively(data);
			Files.createDirectories(data.resolve("import"));
			Files.copy(realm, data.resolve("import/" + REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Process launch(List<String> command, Map<String, String> environment, Path log) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not run " + command.get(0), ex);
		}
	}

	private static void awaitReady(Process process, int managementPort, Path log) {
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
			process.destroyForcibly();
			throw new IllegalStateException("Keycloak did not get ready within " + READY_TIMEOUT + "; see " + log, ex);
		}
		if (!process.isAlive()) {
			throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
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

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
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
