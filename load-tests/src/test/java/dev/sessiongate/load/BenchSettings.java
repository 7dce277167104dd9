package dev.sessiongate.load;

import java.nio.file.Path;

/**
 * Where the benchmark environment is and how big a run is: system properties, which bench.sh sets and the Gatling
 * plugin passes on. Defaults match load-tests/bench.yml and bench.sh.
 */
final class BenchSettings {

	private BenchSettings() {
	}

	static String gatewayUrl() {
		return System.getProperty("bench.gateway-url", "http://127.0.0.1:8180");
	}

	static String adminUrl() {
		return System.getProperty("bench.admin-url", "http://127.0.0.1:9102/sandbox/admin");
	}

	static String managementUrl() {
		return System.getProperty("bench.management-url", "http://127.0.0.1:8181");
	}

	/** The gateway's process id, for its CPU time; 0 when unknown (the CPU figure is then left out). */
	static long gatewayPid() {
		return Long.getLong("bench.gateway-pid", 0L);
	}

	/** {@code login} (the app login endpoints) or {@code seed} (written by the sandbox through the SessionStore). */
	static String sessions() {
		return System.getProperty("bench.sessions", "login");
	}

	/** Where a simulation writes its figures for bench.sh to print. */
	static Path figuresDirectory() {
		return Path.of(System.getProperty("bench.figures-dir", "target/bench-figures"));
	}

	static int intValue(String name, int defaultValue) {
		return Integer.getInteger("bench." + name, defaultValue);
	}

}
