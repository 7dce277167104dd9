package dev.sessiongate.token.refresh;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param skew refresh when the access token expires within this. Defaults to 30 seconds.
 * @param timeout how long a request waits for a refresh (its own, or one another request or
 * instance runs) before it gives up with {@code identity_provider_unavailable}. The refresh
 * itself goes on: it is bounded by the IdP's response timeout and {@code storeRetry}.
 * Defaults to 10 seconds.
 * @param lease how long a refresh lease in Redis lives without renewal; the holder renews
 * it every third of this while its refresh runs, and another instance takes over this
 * long after a holder died. Defaults to 5 seconds.
 * @param leasePollInterval how often an instance waiting on another's refresh checks the
 * lease when no notification arrives. Defaults to 100 milliseconds.
 * @param storeRetry how long rotated tokens are retried into Redis (with backoff, the lease
 * kept) when Redis fails right after the IdP answered; longer than a Sentinel or Cluster
 * failover. Past it the tokens are lost and the session with them. Defaults to 60 seconds.
 * @param minTokenAge an upstream 401 for tokens a refresh obtained less than this ago passes
 * through instead of refreshing again, so an API that refuses every token (wrong audience,
 * say) costs at most one refresh per session per this. Defaults to 10 seconds.
 * @param failureBackoff after the IdP failed a session's refresh, that session's requests
 * answer {@code identity_provider_unavailable} at once (or relay a still-valid token) for
 * this long instead of each trying again. Defaults to 2 seconds.
 */
@ConfigurationProperties("sessiongate.refresh")
public record RefreshProperties(@DefaultValue("30s") Duration skew, @DefaultValue("10s") Duration timeout,
		@DefaultValue("5s") Duration lease, @DefaultValue("100ms") Duration leasePollInterval,
		@DefaultValue("60s") Duration storeRetry, @DefaultValue("10s") Duration minTokenAge,
		@DefaultValue("2s") Duration failureBackoff) {
}
