package dev.sessiongate.login.backchannel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.sessiongate.token.JwtVerifier;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Verifies a logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6): a JWT the
 * IdP signed for this client (see {@link JwtVerifier}) that carries the back-channel
 * logout event, a {@code jti}, a {@code sid} or {@code sub}, and no {@code nonce}, so an
 * ID token can never pass for one.
 */
@Component
class LogoutTokenVerifier {

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/** How long a token without {@code exp} stays acceptable after {@code iat}. */
	private static final Duration MAX_AGE_WITHOUT_EXP = Duration.ofMinutes(5);

	private final JwtVerifier jwts;

	private final Clock clock;

	LogoutTokenVerifier(JwtVerifier jwts, Clock clock) {
		this.jwts = jwts;
		this.clock = clock;
	}

	Mono<LogoutToken> verify(String token) {
		return this.jwts.verify(token).map(this::checked);
	}

	private LogoutToken checked(JWTClaimsSet claims) {
		require(claims.getClaim("events") instanceof Map<?, ?> events && events.get(EVENT) instanceof Map,
				"events lacks the back-channel logout event");
		require(claims.getClaim("nonce") == null, "carries a nonce");
		require(claims.getJWTID() != null && !claims.getJWTID().isBlank(), "no jti");
		Object sid = claims.getClaim("sid");
		require(sid == null || sid instanceof String, "sid is not a string");
		String subject = claims.getSubject();
		require(sid != null || subject != null, "neither sid nor sub");
		Instant acceptableUntil = (claims.getExpirationTime() != null) ? claims.getExpirationTime().toInstant()
				: claims.getIssueTime().toInstant().plus(MAX_AGE_WITHOUT_EXP);
		require(acceptableUntil.plus(JwtVerifier.CLOCK_SKEW).isAfter(this.clock.instant()), "too old");
		return new LogoutToken((String) sid, subject, claims.getJWTID(), acceptableUntil.plus(JwtVerifier.CLOCK_SKEW));
	}

	private static void require(boolean condition, String reason) {
		if (!condition) {
			throw new InvalidLogoutTokenException(reason);
		}
	}

}
