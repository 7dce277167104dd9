package dev.sessiongate.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK Keycloak runs on: Keycloak 26 needs 21 or newer, while the gateway builds and its
 * tests run on 17. {@code KEYCLOAK_JAVA_HOME} decides when set; else the test JVM itself when
 * it is new enough; else the newest JDK 21+ under {@code /usr/lib/jvm}.
 */
final class KeycloakJdk {

	static final int MINIMUM_FEATURE = 21;

	private static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");

	private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

	private KeycloakJdk() {
	}

	/** The home directory of a JDK Keycloak can run on. */
	static Path home() {
		String configured = System.getenv("KEYCLOAK_JAVA_HOME");
		if (configured != null && !configured.isBlank()) {
			return requireJava(Path.of(configured));
		}
		if (Runtime.version().feature() >= MINIMUM_FEATURE) {
			return Path.of(System.getProperty("java.home"));
		}
		return newestInstalled().orElseThrow(() -> new IllegalStateException("Keycloak needs a JDK "
				+ MINIMUM_FEATURE + "+: none under " + JVM_DIRECTORY + "; set KEYCLOAK_JAVA_HOME to one"));
	}

	private static Optional<Path> newestInstalled() {
		if (!Files.isDirectory(JVM_DIRECTORY)) {
			return Optional.empty();
		}
		try (Stream<Path> homes = Files.list(JVM_DIRECTORY)) {
			return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
				.filter(home -> feature(home) >= MINIMUM_FEATURE)
				.max(Comparator.comparingInt(KeycloakJdk::feature).thenComparing(Path::toString));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The major version a JDK's {@code release} file names, or 0 when it has none. */
	private static int feature(Path home) {
		try {
			Matcher version = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
			return version.find() ? Integer.parseInt(version.group(1)) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static Path requireJava(Path home) {
		if (!Files.isExecutable(home.resolve("bin/java"))) {
			throw new IllegalStateException("KEYCLOAK_JAVA_HOME has no bin/java: " + home);
		}
		return home;
	}

}
