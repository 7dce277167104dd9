package dev.sessiongate.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

/**
 * The Keycloak server unpacked by the Maven profile {@code keycloak}
 * ({@code target/keycloak/keycloak-<version>}): built once for these tests, given a fresh
 * data directory with the realm to import before each start, and run through its own
 * {@code kc.sh} on a JDK 21+, every line it prints going to {@code target/keycloak/keycloak.log}.
 */
final class KeycloakDistribution {

	/** Set by the Maven profile: the unpacked distribution's directory. */
	static final String HOME_PROPERTY = "sessiongate.test.keycloak.home";

	private static final String REALM_RESOURCE = "/keycloak/sessiongate-realm.json";

	// Build-time options, applied once per unpacked server by `kc.sh build` so that every
	// start can skip Quarkus' augmentation (20-30 s): `start-dev` would redo it each time.
	private static final List<String> BUILD_OPTIONS = List.of("--db=dev-file", "--health-enabled=true");

	private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

	private final Path home;

	private final Path log;

	private final Path javaHome;

	private KeycloakDistribution(Path home, Path javaHome) {
		this.home = home;
		this.log = home.getParent().resolve("keycloak.log");
		this.javaHome = javaHome;
	}

	/** The distribution the profile unpacked, with an empty log for this run. */
	static KeycloakDistribution unpacked() {
		String home = System.getProperty(HOME_PROPERTY);
		if (home == null || home.isBlank() || !Files.isExecutable(Path.of(home, "bin/kc.sh"))) {
			throw new IllegalStateException("No Keycloak distribution at " + HOME_PROPERTY + "=" + home
					+ ": run the interop suite through its profile, ./mvnw -pl gateway -Pkeycloak verify");
		}
		KeycloakDistribution distribution = new KeycloakDistribution(Path.of(home), KeycloakJdk.home());
		try {
			Files.deleteIfExists(distribution.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return distribution;
	}

	Path log() {
		return this.log;
	}

	/** Runs {@code kc.sh build} unless this unpacked server was built with the same options. */
	void buildOnce() {
		Path marker = this.home.resolve("sessiongate-build-options");
		String options = String.join(" ", BUILD_OPTIONS);
		try {
			if (Files.exists(marker) && Files.readString(marker).equals(options)) {
				return;
			}
			List<String> command = new ArrayList<>(List.of("build"));
			command.addAll(BUILD_OPTIONS);
			Process build = run(command);
			if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || build.exitValue() != 0) {
				build.destroyForcibly();
				throw new IllegalStateException("kc.sh build failed; see " + this.log);
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

	/** A fresh data directory (dev-file database, nothing of an earlier run) holding the realm to import. */
	void freshDataWithRealm() {
		Path data = this.home.resolve("data");
		try (InputStream realm = KeycloakDistribution.class.getResourceAsStream(REALM_RESOURCE)) {
			if (realm == null) {
				throw new IllegalStateException("no " + REALM_RESOURCE + " on the test classpath");
			}
			deleteRecursively(data);
			Files.createDirectories(data.resolve("import"));
			Files.copy(realm, data.resolve("import/" + LocalKeycloak.REALM + "-realm.json"),
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts the built server: plain HTTP on 127.0.0.1, one node, the realm imported. */
	Process start(int port, int managementPort) {
		return run(List.of("start", "--optimized",
				// One node, no cluster discovery: JGroups would add seconds and probe the network.
				"--cache=local", "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
				"--http-management-port=" + managementPort, "--hostname=http://127.0.0.1:" + port, "--import-realm"));
	}

	@Override
	public String toString() {
		return this.home.getFileName() + " on " + this.javaHome;
	}

	private Process run(List<String> arguments) {
		List<String> command = new ArrayList<>(List.of(this.home.resolve("bin/kc.sh").toString()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		builder.environment().putAll(environment());
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not run " + command.get(0), ex);
		}
	}

	private Map<String, String> environment() {
		return Map.of("JAVA_HOME", this.javaHome.toString(),
				// Keycloak sizes its heap from the machine's memory by default; the machine is shared.
				"JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m",
				// C1 only: on two busy cores this halves the start (about 30 s instead of 60 s),
				// and a test's few hundred requests never pay for C2's optimisations.
				"JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
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

}
