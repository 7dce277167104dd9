package dev.sessiongate.sandbox;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which Redis the integration tests run against, chosen with the system property
 * {@code sessiongate.test.redis}: {@code standalone} (the default), {@code cluster} or
 * {@code sentinel}. The gateway reaches each through Spring Boot's standard
 * {@code spring.data.redis.*} settings only, as a deployment would.
 */
public enum RedisTopology {

	STANDALONE {
		@Override
		public Map<String, Object> gatewayProperties() {
			return Map.of("spring.data.redis.url", LocalRedis.shared().url());
		}
	},

	CLUSTER {
		@Override
		public Map<String, Object> gatewayProperties() {
			return Map.of("spring.data.redis.cluster.nodes", LocalRedisCluster.shared().nodes());
		}
	},

	SENTINEL {
		@Override
		public Map<String, Object> gatewayProperties() {
			LocalRedisSentinel sentinel = LocalRedisSentinel.shared();
			return Map.of("spring.data.redis.sentinel.master", sentinel.master(), "spring.data.redis.sentinel.nodes",
					sentinel.sentinelNodes());
		}
	};

	public static final String PROPERTY = "sessiongate.test.redis";

	/** The topology this test JVM was started for; the shared server behind it starts on first use. */
	public static RedisTopology current() {
		String name = System.getProperty(PROPERTY, "").trim();
		return name.isEmpty() ? STANDALONE : valueOf(name.toUpperCase(Locale.ROOT));
	}

	/** The {@code spring.data.redis.*} settings that point a gateway at this topology's shared servers. */
	public abstract Map<String, Object> gatewayProperties();

	/**
	 * Gateway settings in which a test's own server, set by URL to freeze or kill it, wins:
	 * Spring Boot would prefer the selected cluster or sentinel settings over the URL.
	 */
	static Map<String, Object> ownServerFirst(Map<String, Object> properties) {
		Object url = properties.get("spring.data.redis.url");
		if (url == null || LocalRedis.isShared(url.toString())) {
			return properties;
		}
		Map<String, Object> own = new LinkedHashMap<>(properties);
		own.keySet()
			.removeIf(key -> key.startsWith("spring.data.redis.cluster.") || key.startsWith("spring.data.redis.sentinel."));
		return own;
	}

}
