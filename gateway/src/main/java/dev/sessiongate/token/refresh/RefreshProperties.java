package dev.sessiongate.token.refresh;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param skew refresh when the access token expires within this. Defaults to 30 seconds.
 * @param timeout bound on one refresh, waiting for another instance's included; requests
 * waiting on it give up shortly after. Defaults to 10 seconds.
 * @param lease how long a refresh lease in Redis lives without renewal; the holder renews
 * it every third of this while its refresh runs, and another instance takes over this
 * long after a holder died. Defaults to 5 seconds.
 * @param leasePollInterval how often an instance waiting on another's refresh checks the
 * lease when no notification arrives. Defaults to 100 milliseconds.
 */
@ConfigurationProperties("sessiongate.refresh")
public record RefreshProperties(@DefaultValue("30s") Duration skew, @DefaultValue("10s") Duration timeout,
		@DefaultValue("5s") Duration lease, @DefaultValue("100ms") Duration leasePollInterval) {
}
