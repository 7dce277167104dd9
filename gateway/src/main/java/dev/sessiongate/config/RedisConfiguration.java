package dev.sessiongate.config;

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
