package dev.sessiongate.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Verifies a JWT the IdP issued to this gateway: an RS256 or ES256 signature by a key of
 * its JWKS, {@code iss}, {@code aud}, {@code azp} when present, and {@code exp}/{@code iat}
 * with {@link #CLOCK_SKEW}. Only asymmetric algorithms are accepted, so neither
 * {@code alg: none} nor an HMAC keyed with a public key (algorithm confusion) passes.
 * Nimbus parses and verifies in memory; keys come from {@link JwksSource}.
 */
@Component
public class JwtVerifier {

	/** Tolerated disagreement between our clock and the IdP's. */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

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
			.flatMap(signed -> this.keys.candidates(signed.getHeader())
				.filter(candidates -> candidates.stream().anyMatch(key -> signedBy(signed, key)))
				.switchIfEmpty(Mono.error(() -> new JwtRejectedException("signature does not verify")))
				.thenReturn(signed))
			.map(JwtVerifier::claims)
			.zipWith(this.metadata.get(), this::checkClaims);
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
		if (!ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
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
		if (JWSAlgorithm.RS256.equals(algorithm) && key instanceof RSAKey rsa) {
			return new RSASSAVerifier(rsa);
		}
		if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
			return new ECDSAVerifier(ec);
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
