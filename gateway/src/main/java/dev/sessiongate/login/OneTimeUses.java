package dev.sessiongate.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import dev.sessiongate.error.GatewayError;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Things that may be used once, across every gateway instance: a finished login's state,
 * a logout token's {@code jti}. Each use is one small key ({@code SET NX PX}, a hash of the
 * value, never the value) kept until the thing would no longer be accepted anyway.
 */
@Component
public class OneTimeUses {

	private static final Log logger = LogFactory.getLog(OneTimeUses.class);

	private static final byte[] USED = { '1' };

	private static final Duration MIN_TTL = Duration.ofSeconds(1);

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final Clock clock;

	OneTimeUses(ReactiveRedisTemplate<String, byte[]> sessionRedisTemplate, Clock clock) {
		this.redis = sessionRedisTemplate;
		this.clock = clock;
	}

	/** True when this is the first use of {@code value} (of this {@code kind}), which is now remembered. */
	public Mono<Boolean> firstUse(String kind, String value, Instant acceptableUntil) {
		Duration remaining = Duration.between(this.clock.instant(), acceptableUntil);
		Duration ttl = (remaining.compareTo(MIN_TTL) > 0) ? remaining : MIN_TTL;
		return this.redis.opsForValue().setIfAbsent(key(kind, value), USED, ttl).onErrorMap(OneTimeUses::unavailable);
	}

	/** Forgets a use that did not take effect, so that a retry is not taken for a replay. */
	public Mono<Boolean> forget(String kind, String value) {
		return this.redis.delete(key(kind, value)).map(count -> count > 0).onErrorMap(OneTimeUses::unavailable);
	}

	static String key(String kind, String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return "sg:{" + kind + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16))
					+ "}:u";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Throwable unavailable(Throwable failure) {
		logger.warn("One-time use store unavailable: " + failure.getClass().getSimpleName());
		return GatewayError.SESSION_STORE_UNAVAILABLE.exception("The session store could not be reached");
	}

}
