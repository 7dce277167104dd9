package dev.sessiongate.observability;

import org.springframework.cloud.gateway.filter.headers.observation.DefaultGatewayObservationConvention;

/**
 * The gateway's upstream calls, one observation each (span and timer, tagged by route),
 * under the name later Spring Cloud Gateway releases give it
 * (spring-cloud-gateway gh-3153): this release's {@code http.client.requests} collides with
 * the WebClient meter of that name, whose other tag keys Prometheus would refuse.
 */
final class UpstreamObservationConvention extends DefaultGatewayObservationConvention {

	static final String NAME = "spring.cloud.gateway.http.client.requests";

	@Override
	public String getName() {
		return NAME;
	}

}
