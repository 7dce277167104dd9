package dev.sessiongate.login.backchannel;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import dev.sessiongate.token.JwtVerifier;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Verifies a logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6): a JWT the
 * IdP signed for this client (see {@link JwtVerifier}: signature, {@code iss}, {@code aud},
 * times on the injected clock) whose claims the Nimbus SDK's {@link LogoutTokenClaimsSet}
 * accepts: the back-channel logout event, a {@code jti}, a {@code sid} or {@code sub}, and
 * no {@code nonce}, so an ID token can never pass for one. When typed, it must be typed as
 * one ({@code typ: logout+jwt}, as Keycloak sends).
 */
@Component
class LogoutTokenVerifier {

	private static final JOSEObjectType LOGOUT_TYPE = new JOSEObjectType("logout+jwt");

	/** How long a token without {@code exp} stays acceptable after {@code iat}. */
	private static final Duration MAX_AGE_WITHOUT_EXP = Duration.ofMinutes(5);

	private final JwtVerifier jwts;

	private final Clock clock;

	LogoutTokenVerifier(JwtVerifier jwts, Clock clock) {
		this.jwts = jwts;
		this.clock = clock;
	}

	Mono<LogoutToken> verify(String token) {
		return Mono.fromRunnable(() -> checkType(token)).then(this.jwts.verify(token)).map(this::checked);
	}

	private static void checkType(String token) {
		JOSEObjectType type;
		try {
			type = JWTParser.parse(token).getHeader().getType();
		}
		catch (ParseException | RuntimeException ex) {
			// JwtVerifier says what is wrong with it.
			return;
		}
		require(type == null || JOSEObjectType.JWT.equals(type) || LOGOUT_TYPE.equals(type),
				"typed as another kind of token");
	}

	private LogoutToken checked(JWTClaimsSet claims) {
		try {
			new LogoutTokenClaimsSet(claims);
		}
		catch (com.nimbusds.oauth2.sdk.ParseException ex) {
			// The SDK's reason names a claim; ours stays fixed, as forged tokens are cheap.
			throw new InvalidLogoutTokenException("claims are not a logout token's");
		}
		Object sid = claims.getClaim("sid");
		require(sid == null || sid instanceof String, "sid is not a string");
		String subject = claims.getSubject();
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
