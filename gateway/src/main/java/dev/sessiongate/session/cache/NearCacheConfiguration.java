package dev.sessiongate.session.cache;

import java.time.Clock;

import dev.sessiongate.session.SessionProperties;
import dev.sessiongate.session.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The near cache in front of the Redis store, unless
 * {@code sessiongate.session.near-cache.enabled} is false: every feature that asks for the
 * {@link SessionStore} then gets it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sessiongate.session.near-cache.enabled", havingValue = "true", matchIfMissing = true)
class NearCacheConfiguration {

	@Bean
	@Primary
	NearCacheSessionStore nearCacheSessionStore(@Qualifier("redisSessionStore") SessionStore redis,
			SessionProperties properties, Clock clock, MeterRegistry meters) {
		return new NearCacheSessionStore(redis, properties.nearCache(), properties.idleTimeout(),
				properties.touchInterval(), clock, meters);
	}

	@Bean
	InvalidationChannel nearCacheInvalidationChannel(LettuceConnectionFactory connectionFactory,
			NearCacheSessionStore store) {
		return new InvalidationChannel(connectionFactory::getRequiredNativeClient, store);
	}

	@Bean
	IdleSlides nearCacheIdleSlides(NearCacheSessionStore store) {
		return store.slides();
	}

}
