package dev.sessiongate.config;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Redis access for every feature. The connection factory comes from Spring Boot's
 * {@code spring.data.redis.*} settings, so standalone, Sentinel and Cluster work alike.
 * Values are raw bytes: sealed values need no text encoding.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	/**
	 * Whether Lettuce hands replies on from its computation threads instead of completing
	 * them on its I/O thread. A tuning knob for the benchmark ({@code bench.sh relay-cost}
	 * measures both), not a contract setting. On, although off measured cheaper on the miss
	 * path (15% less CPU per request on a standalone Redis, load-tests/RESULTS.md): off, the
	 * login suites hung for 30 s on a Redis Cluster in three runs out of three, on in
	 * none. With the near cache, the miss path is rare.
	 */
	static final String PUBLISH_ON_SCHEDULER = "sessiongate.redis.publish-on-scheduler";

	/**
	 * While Redis is unreachable, fail commands at once ({@code session_store_unavailable})
	 * instead of queueing them until the command timeout: clients get a fast 503, and
	 * memory is not filled with queued commands during an outage.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected(Environment environment) {
		boolean publishOnScheduler = environment.getProperty(PUBLISH_ON_SCHEDULER, Boolean.class, true);
		return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.publishOnScheduler(publishOnScheduler);
	}

	@Bean
	ReactiveRedisTemplate<String, byte[]> sessionRedisTemplate(ReactiveRedisConnectionFactory connectionFactory) {
		RedisSerializationContext<String, byte[]> context = RedisSerializationContext
			.<String, byte[]>newSerializationContext(RedisSerializer.string())
			.value(RedisSerializer.byteArray())
			.hashKey(RedisSerializer.string())
			.hashValue(RedisSerializer.byteArray())
			.build();
		return new ReactiveRedisTemplate<>(connectionFactory, context);
	}

}
