package dev.sessiongate.observability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often the gateway looks at its dependencies on its own, for metrics.
 *
 * @param dependencyCheckInterval how often Redis and the IdP are health-checked for
 * {@code sessiongate_dependency_up}. Defaults to 15 seconds.
 * @param liveSessionsInterval how often {@code sessiongate_sessions_live} is estimated
 * from Redis (a key count and a sample of keys, never a scan of every session). Defaults
 * to 1 minute.
 */
@Validated
@ConfigurationProperties("sessiongate.observability")
public record ObservabilityProperties(@DefaultValue("15s") Duration dependencyCheckInterval,
		@DefaultValue("1m") Duration liveSessionsInterval) {
}
