package dev.sessiongate.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Verifies a JWT the IdP issued to this gateway: a signature by a key of its JWKS, with
 * an algorithm the IdP advertises for ID tokens and {@link IdTokenAlgorithms} allows (RSA
 * PKCS#1 and PSS, ECDSA, EdDSA), {@code iss}, {@code aud}, {@code azp} when present, and
 * {@code exp}/{@code iat} with {@link #CLOCK_SKEW} on the injected clock. Only asymmetric
 * algorithms are accepted, so neither {@code alg: none} nor an HMAC keyed with a public key
 * (algorithm confusion) passes. Nimbus JOSE parses and verifies in memory; keys come from
 * {@link JwksSource}, reactively. The SDK's {@code IDTokenValidator} is not used for this:
 * it reads the system clock ({@code new Date()} inside {@code IDTokenClaimsVerifier}), where
 * the gateway's time is injected, and its key selectors fetch keys blocking or want them
 * in hand before the header is read; the SDK's claims-set types check the structure
 * afterwards ({@link IdTokenVerifier}, the logout token verifier).
 */
@Component
public class JwtVerifier {

	/** Tolerated disagreement between our clock and the IdP's. */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private final JwksSource keys;

	private final ProviderMetadataSource metadata;

	private final OidcProperties properties;

	private final Clock clock;

	JwtVerifier(JwksSource keys, ProviderMetadataSource metadata, OidcProperties properties, Clock clock) {
		this.keys = keys;
		this.metadata = metadata;
		this.properties = properties;
		this.clock = clock;
	}

	/** The token's claims once signature, issuer, audience and times check out. */
	public Mono<JWTClaimsSet> verify(String jwt) {
		return Mono.fromCallable(() -> parse(jwt))
			.zipWith(this.metadata.get())
			.flatMap(parsed -> signedWithAdvertisedAlgorithm(parsed.getT1(), parsed.getT2())
				.map(JwtVerifier::claims)
				.map(claims -> checkClaims(claims, parsed.getT2())));
	}

	private Mono<SignedJWT> signedWithAdvertisedAlgorithm(SignedJWT signed, ProviderMetadata provider) {
		if (!provider.idTokenAlgorithms().contains(signed.getHeader().getAlgorithm())) {
			return Mono.error(new JwtRejectedException("algorithm is not one the identity provider advertises"));
		}
		return this.keys.candidates(signed.getHeader())
			.filter(candidates -> candidates.stream().anyMatch(key -> signedBy(signed, key)))
			.switchIfEmpty(Mono.error(() -> new JwtRejectedException("signature does not verify")))
			.thenReturn(signed);
	}

	private static SignedJWT parse(String jwt) {
		SignedJWT signed;
		try {
			// Unsigned (alg: none) tokens do not parse as a SignedJWT.
			signed = SignedJWT.parse(jwt);
		}
		catch (ParseException | RuntimeException ex) {
			throw new JwtRejectedException("not a signed JWT");
		}
		if (!IdTokenAlgorithms.SAFE.contains(signed.getHeader().getAlgorithm())) {
			// The header is the sender's text: never repeated in a message or a log.
			throw new JwtRejectedException("algorithm is not accepted");
		}
		return signed;
	}

	private static boolean signedBy(SignedJWT signed, JWK key) {
		try {
			JWSVerifier verifier = verifier(signed.getHeader().getAlgorithm(), key);
			return verifier != null && signed.verify(verifier);
		}
		catch (JOSEException | IllegalStateException ex) {
			return false;
		}
	}

	// The key type must fit the algorithm: never a MAC, whatever the header says.
	private static JWSVerifier verifier(JWSAlgorithm algorithm, JWK key) throws JOSEException {
		if (JWSAlgorithm.Family.RSA.contains(algorithm) && key instanceof RSAKey rsa) {
			return new RSASSAVerifier(rsa);
		}
		if (JWSAlgorithm.Family.EC.contains(algorithm) && key instanceof ECKey ec
				&& Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve())) {
			return new ECDSAVerifier(ec);
		}
		if (JWSAlgorithm.Family.ED.contains(algorithm) && key instanceof OctetKeyPair okp
				&& Curve.Ed25519.equals(okp.getCurve())) {
			// Nimbus JOSE verifies Ed25519 with Google Tink.
			return new Ed25519Verifier(okp.toPublicJWK());
		}
		return null;
	}

	private static JWTClaimsSet claims(SignedJWT signed) {
		try {
			return signed.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new JwtRejectedException("claims are not a JSON object");
		}
	}

	private JWTClaimsSet checkClaims(JWTClaimsSet claims, ProviderMetadata provider) {
		Instant now = this.clock.instant();
		require(provider.issuer().equals(claims.getIssuer()), "issuer does not match");
		List<String> audience = claims.getAudience();
		require(audience.contains(this.properties.clientId()), "audience does not include this client");
		Object azp = claims.getClaim("azp");
		// OIDC Core 3.1.3.7: with several audiences, azp must name us; when present, always.
		require(azp != null || audience.size() == 1, "several audiences and no azp");
		require(azp == null || this.properties.clientId().equals(azp), "azp is another client");
		Date issuedAt = claims.getIssueTime();
		require(issuedAt != null, "no iat");
		require(!issuedAt.toInstant().isAfter(now.plus(CLOCK_SKEW)), "issued in the future");
		Date expiresAt = claims.getExpirationTime();
		require(expiresAt == null || expiresAt.toInstant().plus(CLOCK_SKEW).isAfter(now), "expired");
		return claims;
	}

	static void require(boolean condition, String reason) {
		if (!condition) {
			throw new JwtRejectedException(reason);
		}
	}

}
