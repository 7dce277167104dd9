package dev.sessiongate.session;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where sessions live and how long.
 *
 * @param cookie the session cookie's name and attributes
 * @param idleTimeout sliding timeout since the last request. Defaults to 30 minutes.
 * @param absoluteTimeout hard cap since login. Defaults to 12 hours.
 * @param keys sealing keys for tokens at rest: the first seals, every one opens. No
 * default: a production gateway must be given its own.
 */
@Validated
@ConfigurationProperties("sessiongate.session")
public record SessionProperties(@Valid @DefaultValue Cookie cookie, @DefaultValue("30m") Duration idleTimeout,
		@DefaultValue("12h") Duration absoluteTimeout,
		@NotEmpty(message = "configure at least one sealing key under sessiongate.session.keys") @Valid List<SealingKey> keys) {

	/**
	 * @param name cookie name. Defaults to {@code SG_SESSION}.
	 * @param secure whether the cookie is {@code Secure}. Defaults to true; false only
	 * for plain-http local development.
	 * @param sameSite the {@code SameSite} attribute. Defaults to {@code Lax}.
	 */
	public record Cookie(@DefaultValue("SG_SESSION") @NotBlank String name, @DefaultValue("true") boolean secure,
			@DefaultValue("Lax") @NotBlank String sameSite) {
	}

	/**
	 * @param id short key id stored beside every sealed value, so keys can rotate
	 * @param secret base64 of 32 random bytes
	 */
	public record SealingKey(@NotBlank String id, @NotBlank String secret) {

		@Override
		public String toString() {
			return "SealingKey[id=" + this.id + "]";
		}

	}

}
