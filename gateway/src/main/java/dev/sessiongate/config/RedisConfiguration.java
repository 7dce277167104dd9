package dev.sessiongate.config;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
	 * While Redis is unreachable, fail commands at once ({@code session_store_unavailable})
	 * instead of queueing them until the command timeout: clients get a fast 503, and
	 * memory is not filled with queued commands during an outage. Replies are handed on
	 * from Lettuce's computation threads, not its single I/O thread: each request's work
	 * after its session read (unsealing, the upstream call) would otherwise queue on that
	 * one thread under a burst.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
		return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.publishOnScheduler(true);
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
