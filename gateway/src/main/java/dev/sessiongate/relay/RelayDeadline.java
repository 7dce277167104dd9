package dev.sessiongate.relay;

import java.time.Duration;

import dev.sessiongate.token.refresh.RefreshProperties;

import org.springframework.cloud.gateway.config.HttpClientProperties;

/**
 * The longest a relayed request may take before the gateway answers it itself, so that no
 * request ever waits forever, whatever hangs: two upstream calls (the first and the
 * replay), each bounded by Spring Cloud Gateway's response timeout; two refresh waits (the
 * proactive one and the one after a 401), each bounded by {@code sessiongate.refresh.timeout};
 * the body's read-idle timeout; and a margin for the session reads.
 */
final class RelayDeadline {

	/** The upstream's share when no {@code spring.cloud.gateway...httpclient.response-timeout} is set. */
	static final Duration UNSET_UPSTREAM_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration MARGIN = Duration.ofSeconds(5);

	private RelayDeadline() {
	}

	static Duration of(HttpClientProperties httpClient, RefreshProperties refresh, RetryProperties retry) {
		Duration upstream = (httpClient.getResponseTimeout() != null) ? httpClient.getResponseTimeout()
				: UNSET_UPSTREAM_TIMEOUT;
		return upstream.multipliedBy(2)
			.plus(refresh.timeout().multipliedBy(2))
			.plus(retry.bodyIdleTimeout())
			.plus(MARGIN);
	}

}
