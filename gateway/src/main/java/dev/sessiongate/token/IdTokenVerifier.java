package dev.sessiongate.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.nimbusds.jwt.JWTClaimsSet;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Verifies an ID token from a code exchange (OIDC Core 3.1.3.7): everything
 * {@link JwtVerifier} checks, plus a required {@code exp} and {@code sub}, and the
 * {@code nonce} of the login it answers, which binds the token to that login.
 */
@Component
public class IdTokenVerifier {

	private final JwtVerifier jwts;

	IdTokenVerifier(JwtVerifier jwts) {
		this.jwts = jwts;
	}

	/** The ID token's claims, or a {@link JwtRejectedException}. */
	public Mono<JWTClaimsSet> verify(String idToken, String expectedNonce) {
		return this.jwts.verify(idToken).map(claims -> checked(claims, expectedNonce));
	}

	private static JWTClaimsSet checked(JWTClaimsSet claims, String expectedNonce) {
		JwtVerifier.require(claims.getExpirationTime() != null, "no exp");
		JwtVerifier.require(claims.getSubject() != null && !claims.getSubject().isBlank(), "no sub");
		Object nonce = claims.getClaim("nonce");
		JwtVerifier.require(nonce instanceof String value && sameText(value, expectedNonce),
				"nonce does not match the login");
		return claims;
	}

	private static boolean sameText(String one, String other) {
		return MessageDigest.isEqual(one.getBytes(StandardCharsets.UTF_8), other.getBytes(StandardCharsets.UTF_8));
	}

}
