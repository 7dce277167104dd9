package dev.sessiongate.sandbox;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Validates bearer JWTs like a resource server: RS256 signature against the IdP's JWKS, issuer, and expiry without
 * leeway, so tokens issued with a zero lifetime are refused at once. Tests can also revoke single tokens.
 */
final class BearerValidator {

	private static final int TIMEOUT_MILLIS = 5000;

	private static final int JWKS_SIZE_LIMIT = 64 * 1024;

	private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

	private final Set<String> rejectedJtis = ConcurrentHashMap.newKeySet();

	private final AtomicReference<Instant> rejectedBefore = new AtomicReference<>(Instant.MIN);

	private final Function<String, @Nullable JWTClaimsSet> introspection;

	private BearerValidator(String issuer, JWKSet jwks, Function<String, @Nullable JWTClaimsSet> introspection) {
		this.introspection = introspection;
		this.processor
			.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
		DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
				new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat", "jti"));
		claims.setMaxClockSkew(0);
		this.processor.setJWTClaimsSetVerifier(claims);
	}

	/**
	 * Fetches the JWKS once, on the caller's thread: the API starts before any request, never on an event loop.
	 */
	static BearerValidator fetch(String issuer, Function<String, @Nullable JWTClaimsSet> introspection) {
		try {
			JWKSet jwks = JWKSet.load(URI.create(issuer + "/jwks").toURL(), TIMEOUT_MILLIS, TIMEOUT_MILLIS,
					JWKS_SIZE_LIMIT);
			return new BearerValidator(issuer, jwks, introspection);
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException("Cannot load the sandbox IdP's JWKS", ex);
		}
	}

	BearerCheck check(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return new BearerCheck.Invalid(null);
		}
		String token = authorization.substring(7).trim();
		JWTClaimsSet opaque = this.introspection.apply(token);
		if (opaque != null) {
			// No leeway, as for JWTs: an expired opaque token is refused at once.
			boolean live = opaque.getExpirationTime().toInstant().isAfter(Instant.now());
			return (live && accepted(opaque)) ? new BearerCheck.Valid(opaque) : new BearerCheck.Invalid(opaque.getJWTID());
		}
		try {
			JWTClaimsSet claims = this.processor.process(token, null);
			return accepted(claims) ? new BearerCheck.Valid(claims) : new BearerCheck.Invalid(claims.getJWTID());
		}
		catch (ParseException | BadJOSEException | JOSEException ex) {
			return new BearerCheck.Invalid(unverifiedJti(token));
		}
	}

	void reject(String jti) {
		this.rejectedJtis.add(jti);
	}

	void rejectIssuedBefore(Instant instant) {
		this.rejectedBefore.set(instant);
	}

	private boolean accepted(JWTClaimsSet claims) {
		Date issuedAt = claims.getIssueTime();
		return !this.rejectedJtis.contains(claims.getJWTID())
				&& !issuedAt.toInstant().isBefore(this.rejectedBefore.get());
	}

	private static @Nullable String unverifiedJti(String token) {
		try {
			return JWTParser.parse(token).getJWTClaimsSet().getJWTID();
		}
		catch (ParseException ex) {
			return null;
		}
	}

}
