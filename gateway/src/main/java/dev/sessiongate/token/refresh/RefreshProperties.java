package dev.sessiongate.token.refresh;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param skew refresh when the access token expires within this. Defaults to 30 seconds.
 * @param timeout bound on one refresh, retries included; requests waiting on it give up
 * shortly after. Defaults to 10 seconds.
 */
@ConfigurationProperties("sessiongate.refresh")
public record RefreshProperties(@DefaultValue("30s") Duration skew, @DefaultValue("10s") Duration timeout) {
}
