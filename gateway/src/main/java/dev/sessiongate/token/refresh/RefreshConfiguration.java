package dev.sessiongate.token.refresh;

import java.time.Clock;
import java.time.Duration;

import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.IdTokenVerifier;
import dev.sessiongate.token.TokenEndpointClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

@Configuration(proxyBeanMethods = false)
class RefreshConfiguration {

	@Bean(destroyMethod = "close")
	RefreshNotifications refreshNotifications(ReactiveRedisConnectionFactory connectionFactory) {
		return new RefreshNotifications(connectionFactory);
	}

	@Bean
	RefreshLease refreshLease(ReactiveRedisTemplate<String, byte[]> sessionRedisTemplate, RefreshProperties properties) {
		return new RefreshLease(sessionRedisTemplate, properties.lease());
	}

	@Bean
	RefreshMetrics refreshMetrics(MeterRegistry meters, ObservationRegistry observations) {
		return new RefreshMetrics(meters, observations);
	}

	@Bean
	InFlightRefreshes inFlightRefreshes(RefreshProperties properties, RefreshMetrics metrics) {
		return new InFlightRefreshes(properties.timeout(), metrics::joined);
	}

	@Bean
	TokenRefresher tokenRefresher(SessionStore store, RefreshLease lease, RefreshNotifications notifications,
			TokenEndpointClient tokenEndpoint, InFlightRefreshes inFlight, RefreshProperties properties, Clock clock,
			RefreshMetrics metrics, IdTokenVerifier idTokens) {
		// A wait for another instance's refresh is bounded like a waiter's wait: its holder
		// is bounded too (IdP response timeout, then the store retry while it keeps the lease).
		CrossInstanceRefresh crossInstance = new CrossInstanceRefresh(store, lease, notifications,
				properties.leasePollInterval(), properties.timeout(), metrics);
		return new SingleFlightTokenRefresher(store, crossInstance, tokenEndpoint, inFlight, properties, clock,
				metrics, idTokens);
	}

	/** Lets in-flight refreshes store their tokens within the shutdown phase, then releases held leases. */
	@Bean
	RefreshShutdown refreshShutdown(InFlightRefreshes inFlight, RefreshLease lease,
			@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration phaseTimeout) {
		return new RefreshShutdown(inFlight, lease, phaseTimeout);
	}

}
