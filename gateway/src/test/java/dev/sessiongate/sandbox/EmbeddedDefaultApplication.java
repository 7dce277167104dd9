package dev.sessiongate.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.sessiongate.SessiongateApplication;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The embedded default: a Redis (unless {@code SPRING_DATA_REDIS_URL} names one), the
 * sandbox IdP on :9000 and API on :9001, and the gateway on :8080 with
 * {@code config/embedded.yml}. Run it with {@code ./mvnw -q -pl gateway spring-boot:test-run}.
 */
public final class EmbeddedDefaultApplication {

	private static final Log logger = LogFactory.getLog(EmbeddedDefaultApplication.class);

	private EmbeddedDefaultApplication() {
	}

	public static void main(String[] args) {
		String redisUrl = System.getenv("SPRING_DATA_REDIS_URL");
		if (redisUrl == null || redisUrl.isBlank()) {
			LocalRedis redis = LocalRedis.start(List.of());
			Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
			redisUrl = redis.url();
		}
		SandboxIdp idp = SandboxIdp
			.start(SandboxIdp.Settings.defaults().withPort(9000).withAccessTokenLifetime(Duration.ofSeconds(60)));
		SandboxApi api = SandboxApi.start(idp, 9001);
		logger.warn("""

				*****************************************************************************
				  EMBEDDED DEFAULT: sandbox IdP, sandbox API, a throwaway Redis, and a sealing
				  key generated for this run only. Sessions die with this process.
				  Never run a real deployment like this: configure sessiongate.session.keys.
				*****************************************************************************""");
		System.setProperty("sandbox.issuer", idp.issuer());
		System.setProperty("sandbox.api-url", api.baseUrl());
		System.setProperty("sandbox.redis-url", redisUrl);
		System.setProperty("sandbox.generated-key", SandboxGateway.randomKey());
		new SpringApplicationBuilder(SessiongateApplication.class)
			.properties("spring.config.additional-location=" + embeddedConfig())
			.run(args);
	}

	/** config/embedded.yml, found from the repository root or from the gateway module. */
	private static String embeddedConfig() {
		for (Path candidate : List.of(Path.of("config/embedded.yml"), Path.of("../config/embedded.yml"))) {
			if (Files.isRegularFile(candidate)) {
				return "file:" + candidate.toAbsolutePath().normalize();
			}
		}
		throw new IllegalStateException("config/embedded.yml not found: run from the repository or gateway folder");
	}

}
