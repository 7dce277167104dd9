package dev.sessiongate.session;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;

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
 * @param nearCache opened sessions kept in memory, evicted on every instance when changed anywhere
 */
@Validated
@ConfigurationProperties("sessiongate.session")
public record SessionProperties(@Valid @DefaultValue Cookie cookie, @DefaultValue("30m") Duration idleTimeout,
		@DefaultValue("12h") Duration absoluteTimeout,
		@NotEmpty(message = "configure at least one sealing key under sessiongate.session.keys") @Valid List<SealingKey> keys,
		@Valid @DefaultValue NearCache nearCache) {

	private static final Duration MAX_TOUCH_INTERVAL = Duration.ofMinutes(1);

	/** Last-seen is written to Redis at most this often: a tenth of the idle timeout, at most a minute. */
	public Duration touchInterval() {
		Duration tenth = this.idleTimeout.dividedBy(10);
		return (tenth.compareTo(MAX_TOUCH_INTERVAL) < 0) ? tenth : MAX_TOUCH_INTERVAL;
	}

	/**
	 * @param enabled whether opened sessions are kept in memory. Defaults to true.
	 * @param maxEntries sessions kept at most; the least used go first. Defaults to 10,000.
	 * @param ttl how long a session is kept after it was read from Redis, as a safety net:
	 * a change on any instance normally evicts it within a second. Defaults to 30 seconds.
	 */
	public record NearCache(@DefaultValue("true") boolean enabled, @DefaultValue("10000") @Positive int maxEntries,
			@DefaultValue("30s") Duration ttl) {
	}

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
