package dev.sessiongate.login;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How logins run.
 *
 * @param transactionTimeout how long a started login may take to come back; at most 10
 * minutes, since the transaction holds a PKCE verifier. Defaults to 10 minutes.
 * @param cookieName the short-lived cookie that binds a login to the client that started
 * it. Defaults to {@code SG_LOGIN}.
 * @param maxBodySize the largest body the app login endpoints and the back-channel logout
 * endpoint read; a larger one is {@code 413 request_too_large}. Defaults to 16KB.
 */
@Validated
@ConfigurationProperties("sessiongate.login")
public record LoginProperties(@DefaultValue("10m") Duration transactionTimeout,
		@DefaultValue("SG_LOGIN") @NotBlank String cookieName, @DefaultValue("16KB") DataSize maxBodySize) {

	static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

	public LoginProperties {
		if (transactionTimeout.isNegative() || transactionTimeout.isZero()
				|| transactionTimeout.compareTo(MAX_TRANSACTION_TIMEOUT) > 0) {
			throw new IllegalArgumentException("sessiongate.login.transaction-timeout must be within (0, 10m]");
		}
	}

}
