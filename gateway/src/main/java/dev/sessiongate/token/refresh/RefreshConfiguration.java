package dev.sessiongate.token.refresh;

import java.time.Clock;

import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenEndpointClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RefreshConfiguration {

	@Bean(destroyMethod = "close")
	RefreshNotifications refreshNotifications(ReactiveRedisConnectionFactory connectionFactory) {
		return new RefreshNotifications(connectionFactory);
	}

	@Bean
	TokenRefresher tokenRefresher(SessionStore store, ReactiveRedisTemplate<String, byte[]> sessionRedisTemplate,
			RefreshNotifications notifications, TokenEndpointClient tokenEndpoint, RefreshProperties properties,
			Clock clock, MeterRegistry meters, ObservationRegistry observations) {
		RefreshMetrics metrics = new RefreshMetrics(meters, observations);
		RefreshLease lease = new RefreshLease(sessionRedisTemplate, properties.lease());
		CrossInstanceRefresh crossInstance = new CrossInstanceRefresh(store, lease, notifications,
				properties.leasePollInterval(), metrics);
		return new SingleFlightTokenRefresher(store, crossInstance, tokenEndpoint, properties, clock, metrics);
	}

}
