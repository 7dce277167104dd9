package dev.sessiongate.login.backchannel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code jti}s of logout tokens already used, each kept in Redis (SET NX PX) for as
 * long as its token would be accepted, so a replayed token is recognised on every
 * gateway instance.
 */
@Component
class LogoutTokenReplays {

	private static final byte[] USED = { '1' };

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final Clock clock;

	LogoutTokenReplays(ReactiveRedisTemplate<String, byte[]> sessionRedisTemplate, Clock clock) {
		this.redis = sessionRedisTemplate;
		this.clock = clock;
	}

	/** True when this is the token's first use, which is now remembered. */
	Mono<Boolean> firstUse(LogoutToken token) {
		Duration remaining = Duration.between(this.clock.instant(), token.acceptableUntil());
		Duration ttl = remaining.compareTo(Duration.ofSeconds(1)) > 0 ? remaining : Duration.ofSeconds(1);
		return this.redis.opsForValue().setIfAbsent(key(token.jti()), USED, ttl);
	}

	/** Forgets a use whose logout did not happen, so the IdP's retry is not taken for a replay. */
	Mono<Boolean> forget(LogoutToken token) {
		return this.redis.delete(key(token.jti())).map(count -> count > 0);
	}

	private static String key(String jti) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(jti.getBytes(StandardCharsets.UTF_8));
			return "sg:{jti:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16))
					+ "}:j";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
