package dev.sessiongate.session;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	@Bean
	SessionStore sessionStore(ReactiveRedisTemplate<String, byte[]> sessionRedisTemplate, SessionProperties properties,
			Clock clock, MeterRegistry meters) {
		return new RedisSessionStore(sessionRedisTemplate, new TokenSeal(properties.keys()), properties, clock, meters);
	}

}
