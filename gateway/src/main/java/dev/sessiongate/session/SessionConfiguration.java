package dev.sessiongate.session;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	/** The store itself; the near cache ({@code session.cache}), when enabled, stands in front of it as the primary bean. */
	@Bean
	SessionStore redisSessionStore(ReactiveRedisTemplate<String, byte[]> sessionRedisTemplate, SessionProperties properties,
			Clock clock, MeterRegistry meters) {
		return new RedisSessionStore(sessionRedisTemplate, new TokenSeal(properties.keys()), properties, clock, meters);
	}

}
