package dev.sessiongate.token.refresh;

import java.time.Clock;

import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenEndpointClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RefreshConfiguration {

	@Bean
	TokenRefresher tokenRefresher(SessionStore store, TokenEndpointClient tokenEndpoint, RefreshProperties properties,
			Clock clock, MeterRegistry meters) {
		return new SingleFlightTokenRefresher(store, tokenEndpoint, properties, clock, new RefreshMetrics(meters));
	}

}
