package dev.sessiongate.session;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	/**
	 * The store itself, its lookups observed; the near cache ({@code session.cache}), when
	 * enabled, stands in front of it as the primary bean.
	 */
	@Bean
	SessionStore redisSessionStore(ReactiveRedisTemplate<String, byte[]> sessionRedisTemplate, SessionProperties properties,
			Clock clock, MeterRegistry meters, ObservationRegistry observations) {
		return new ObservedSessionStore(
				new RedisSessionStore(sessionRedisTemplate, new TokenSeal(properties.keys()), properties, clock, meters),
				observations);
	}

}
