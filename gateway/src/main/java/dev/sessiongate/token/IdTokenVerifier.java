package dev.sessiongate.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.Objects;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Verifies ID tokens. From a code exchange (OIDC Core 3.1.3.7): everything
 * {@link JwtVerifier} checks, plus a required {@code exp} and {@code sub}, and the
 * {@code nonce} of the login it answers, which binds the token to that login. From a
 * refresh (OIDC Core 12.2): the same checks without a nonce, and the same {@code iss},
 * {@code sub}, {@code aud} and {@code auth_time} as the session's ID token.
 */
@Component
public class IdTokenVerifier {

	private static final Log logger = LogFactory.getLog(IdTokenVerifier.class);

	private final JwtVerifier jwts;

	IdTokenVerifier(JwtVerifier jwts) {
		this.jwts = jwts;
	}

	/** The ID token's claims, or a {@link JwtRejectedException}. */
	public Mono<JWTClaimsSet> verify(String idToken, String expectedNonce) {
		return this.jwts.verify(idToken).map(claims -> checked(claims, expectedNonce));
	}

	/**
	 * The tokens of a refresh response to keep: as they came when their ID token (if any) is
	 * the same user's as {@code previous}'s, otherwise without it, so the session keeps its
	 * previous ID token. Never fails: the refresh itself succeeded, and its rotated refresh
	 * token must be stored whatever becomes of the ID token.
	 */
	public Mono<TokenSet> keepIfSameUser(TokenSet previous, TokenSet refreshed) {
		if (refreshed.idToken() == null) {
			return Mono.just(refreshed);
		}
		JWTClaimsSet original = claimsOf(previous.idToken());
		return this.jwts.verify(refreshed.idToken())
			.map(claims -> checkedAgainst(original, claims))
			.thenReturn(refreshed)
			.onErrorResume(failure -> {
				logger.warn("Refreshed ID token dropped, the session keeps its previous one: "
						+ ((failure instanceof JwtRejectedException) ? failure.getMessage()
								: failure.getClass().getSimpleName()));
				return Mono.just(new TokenSet(refreshed.accessToken(), refreshed.accessTokenExpiresAt(),
						refreshed.refreshToken(), null));
			});
	}

	private static JWTClaimsSet checked(JWTClaimsSet claims, String expectedNonce) {
		requireExpAndSub(claims);
		Object nonce = claims.getClaim("nonce");
		JwtVerifier.require(nonce instanceof String value && sameText(value, expectedNonce),
				"nonce does not match the login");
		return claims;
	}

	private static JWTClaimsSet checkedAgainst(JWTClaimsSet original, JWTClaimsSet refreshed) {
		requireExpAndSub(refreshed);
		JwtVerifier.require(original != null, "no previous ID token to compare with");
		JwtVerifier.require(Objects.equals(original.getIssuer(), refreshed.getIssuer()), "issuer changed");
		JwtVerifier.require(Objects.equals(original.getSubject(), refreshed.getSubject()), "subject changed");
		JwtVerifier.require(Objects.equals(original.getAudience(), refreshed.getAudience()), "audience changed");
		JwtVerifier.require(Objects.equals(original.getClaim("auth_time"), refreshed.getClaim("auth_time")),
				"auth_time changed");
		return refreshed;
	}

	private static void requireExpAndSub(JWTClaimsSet claims) {
		JwtVerifier.require(claims.getExpirationTime() != null, "no exp");
		JwtVerifier.require(claims.getSubject() != null && !claims.getSubject().isBlank(), "no sub");
	}

	/** The claims of an ID token verified when it was stored; null when there is none. */
	private static JWTClaimsSet claimsOf(String idToken) {
		try {
			return (idToken != null) ? JWTParser.parse(idToken).getJWTClaimsSet() : null;
		}
		catch (ParseException ex) {
			return null;
		}
	}

	private static boolean sameText(String one, String other) {
		return MessageDigest.isEqual(one.getBytes(StandardCharsets.UTF_8), other.getBytes(StandardCharsets.UTF_8));
	}

}
