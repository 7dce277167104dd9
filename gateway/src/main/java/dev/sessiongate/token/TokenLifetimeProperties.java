package dev.sessiongate.token;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The part of {@code sessiongate.refresh} the token client reads (the rest belongs to the
 * refresh coordinator, a floor above).
 *
 * @param defaultTokenLifetime how long an access token is taken to live when the token
 * response has no {@code expires_in} and the token no readable {@code exp} (an opaque token).
 * Defaults to 5 minutes.
 */
@ConfigurationProperties("sessiongate.refresh")
public record TokenLifetimeProperties(@DefaultValue("5m") Duration defaultTokenLifetime) {

	public static TokenLifetimeProperties defaults() {
		return new TokenLifetimeProperties(Duration.ofMinutes(5));
	}

}
