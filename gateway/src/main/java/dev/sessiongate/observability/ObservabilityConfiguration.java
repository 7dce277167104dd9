package dev.sessiongate.observability;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayObservationConvention;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The access log, the error and dependency metrics, and the upstream calls' observation name. */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	AccessLog accessLog(AccessLogProperties properties) {
		return new AccessLog(properties);
	}

	/** Before the contract's error handler (order -2), which writes the answer. */
	@Bean
	@Order(-3)
	ErrorAnswerMetrics errorAnswerMetrics(MeterRegistry meters) {
		return new ErrorAnswerMetrics(meters);
	}

	@Bean
	DependencyHealthMetrics dependencyHealthMetrics(ReactiveHealthContributorRegistry contributors,
			ObservabilityProperties properties, MeterRegistry meters) {
		return new DependencyHealthMetrics(contributors, properties, meters);
	}

	@Bean
	GatewayObservationConvention upstreamObservationConvention() {
		return new UpstreamObservationConvention();
	}

}
