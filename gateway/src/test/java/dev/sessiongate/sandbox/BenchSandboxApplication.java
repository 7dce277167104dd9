package dev.sessiongate.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark environment, in a process of its own so that the gateway under test (the production jar, started
 * separately) is the only thing its CPU figures measure: a Redis (unless {@code REDIS_URL} names one), the sandbox
 * IdP and API on fixed ports, and the admin API for the load generator ({@link SandboxAdmin}). With
 * {@code SG_BENCH_KEY} set (the gateway's sealing key) it can also seed sessions, through a gateway context that
 * serves nothing but the seeding. {@code load-tests/bench.sh} starts it; ports from system properties
 * {@code sandbox.idp-port} (9000), {@code sandbox.api-port} (9001), {@code sandbox.admin-port} (9002).
 */
public final class BenchSandboxApplication {

	private static final Log logger = LogFactory.getLog(BenchSandboxApplication.class);

	private BenchSandboxApplication() {
	}

	public static void main(String[] args) throws InterruptedException {
		String redisUrl = redisUrl();
		SandboxIdp idp = SandboxIdp.start(SandboxIdp.Settings.defaults()
			.withPort(Integer.getInteger("sandbox.idp-port", 9000))
			.withAccessTokenLifetime(Duration.ofMinutes(60)));
		SandboxApi api = SandboxApi.start(idp, Integer.getInteger("sandbox.api-port", 9001));
		SandboxAdmin admin = new SandboxAdmin(Integer.getInteger("sandbox.admin-port", 9002), idp, api, redisUrl,
				seeder(idp, api, redisUrl));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			admin.close();
			api.close();
			idp.close();
		}));
		logger.info("Bench sandbox ready: IdP " + idp.issuer() + ", API " + api.baseUrl() + ", admin "
				+ admin.baseUrl() + ", Redis " + redisUrl);
		new CountDownLatch(1).await();
	}

	private static String redisUrl() {
		String external = System.getenv("REDIS_URL");
		if (external != null && !external.isBlank()) {
			return external;
		}
		LocalRedis redis = LocalRedis.start(List.of());
		Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
		return redis.url();
	}

	private static @Nullable SessionSeeder seeder(SandboxIdp idp, SandboxApi api, String redisUrl) {
		String key = System.getenv("SG_BENCH_KEY");
		if (key == null || key.isBlank()) {
			logger.info("SG_BENCH_KEY not set: no seeding, sessions come from the gateway's login endpoints");
			return null;
		}
		Map<String, Object> properties = SandboxGateway.properties(redisUrl, idp, api.baseUrl());
		// The key id and secret must be the gateway's (load-tests/bench.yml), or it cannot open the sessions.
		properties.put("sessiongate.session.keys[0].id", "bench");
		properties.put("sessiongate.session.keys[0].secret", key);
		properties.put("logging.level.root", "warn");
		// It only writes sessions: no near cache, no invalidation channel.
		properties.put("sessiongate.session.near-cache.enabled", false);
		return new SessionSeeder(idp, SandboxGateway.start(properties));
	}

}
