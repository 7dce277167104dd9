package dev.sessiongate.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.sessiongate.SessiongateApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The real gateway application, started on random ports against a Redis and the sandbox
 * IdP and API. Tests add or override settings through {@link #properties()}.
 */
public final class SandboxGateway implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private SandboxGateway(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Settings that point a gateway at the selected {@link RedisTopology}, the IdP and the API. */
	public static Map<String, Object> properties(SandboxIdp idp, String apiBaseUrl) {
		return properties(RedisTopology.current().gatewayProperties(), idp, apiBaseUrl);
	}

	/**
	 * Settings that point a gateway at the given Redis, IdP and API. The shared server's URL
	 * ({@link LocalRedis#shared()}) stands for the selected {@link RedisTopology}, so suites
	 * written against it also run on a cluster; any other URL (a server a test kills, say)
	 * is used as given.
	 */
	public static Map<String, Object> properties(String redisUrl, SandboxIdp idp, String apiBaseUrl) {
		Map<String, Object> redis = LocalRedis.isShared(redisUrl) ? RedisTopology.current().gatewayProperties()
				: Map.of("spring.data.redis.url", redisUrl);
		return properties(redis, idp, apiBaseUrl);
	}

	private static Map<String, Object> properties(Map<String, Object> redis, SandboxIdp idp, String apiBaseUrl) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", 0);
		properties.put("management.server.port", 0);
		properties.putAll(redis);
		// Tests run bursts of a thousand requests on two shared cores: a slow answer there
		// is load, not an outage. The outage tests set their own, short timeout.
		properties.put("spring.data.redis.timeout", "10s");
		properties.put("sessiongate.oidc.issuer-uri", idp.issuer());
		properties.put("sessiongate.oidc.client-id", idp.clientId());
		properties.put("sessiongate.oidc.client-secret", idp.clientSecret());
		// The sandbox IdP speaks plain http on loopback.
		properties.put("sessiongate.oidc.allow-insecure-http", true);
		properties.put("sessiongate.session.cookie.secure", false);
		properties.put("sessiongate.session.keys[0].id", "test");
		properties.put("sessiongate.session.keys[0].secret", randomKey());
		properties.put("spring.cloud.gateway.server.webflux.routes[0].id", "api");
		properties.put("spring.cloud.gateway.server.webflux.routes[0].uri", apiBaseUrl);
		properties.put("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", "Path=/api/**");
		properties.put("spring.cloud.gateway.server.webflux.routes[0].filters[0]", "SessionTokenRelay");
		return properties;
	}

	public static SandboxGateway start(Map<String, Object> properties) {
		return start(properties, null);
	}

	/** Starts a gateway; a non-null {@code clock} replaces the system clock. */
	public static SandboxGateway start(Map<String, Object> properties, Clock clock) {
		// First in line: as default properties they lost to application.yml, and every gateway bound 8080.
		SpringApplicationBuilder builder = new SpringApplicationBuilder(SessiongateApplication.class)
			.web(WebApplicationType.REACTIVE)
			.initializers(context -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("sandbox", Map.copyOf(RedisTopology.ownServerFirst(properties)))));
		// Event loops and connection pools of its own: with Reactor Netty's global ones, which
		// Spring Boot disposes when a context closes, closing one gateway of the test JVM
		// stopped the server of another and could strand the next one's first request.
		builder.initializers(context -> ((GenericApplicationContext) context)
			.registerBean(ReactorResourceFactory.class, SandboxGateway::ownNettyResources));
		if (clock != null) {
			builder.initializers(context -> context.getBeanFactory().registerSingleton("clock", clock));
		}
		// Logging is set up before any initializer runs: its settings go on the command line.
		Stream<String> logging = properties.entrySet()
			.stream()
			.filter(setting -> setting.getKey().startsWith("logging."))
			.map(setting -> "--" + setting.getKey() + "=" + setting.getValue());
		return new SandboxGateway(
				builder.run(Stream.concat(Stream.of("--spring.main.banner-mode=off"), logging).toArray(String[]::new)));
	}

	private static ReactorResourceFactory ownNettyResources() {
		ReactorResourceFactory resources = new ReactorResourceFactory();
		resources.setUseGlobalResources(false);
		return resources;
	}

	/** A fresh sealing key: base64 of 32 random bytes. */
	public static String randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	public int managementPort() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.management.port"));
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
