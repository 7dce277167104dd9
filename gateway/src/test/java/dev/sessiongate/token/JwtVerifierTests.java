package dev.sessiongate.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sessiongate.sandbox.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JwtVerifier} and {@link JwksSource} against an in-memory IdP: accepted
 * algorithms, algorithm confusion, key rotation with a rate-limited JWKS re-read, and
 * failed reads that are not remembered.
 */
class JwtVerifierTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final StubIdp idp = new StubIdp();

	private final RSAKey key = StubIdp.rsaKey();

	private JwtVerifier verifier;

	@BeforeEach
	void setUp() {
		this.idp.publish(this.key.toPublicJWK());
		ProviderMetadataSource metadata = new ProviderMetadataSource(StubIdp.PROPERTIES, this.idp.webClient, this.clock);
		this.verifier = new JwtVerifier(new JwksSource(metadata, this.idp.webClient, this.clock), metadata,
				StubIdp.PROPERTIES, this.clock);
	}

	@Test
	void verifyWhenRs256ByPublishedKeyThenClaims() {
		JWTClaimsSet claims = this.verifier.verify(StubIdp.sign(this.key, claims().build())).block();

		assertThat(claims.getSubject()).isEqualTo("alice");
	}

	@Test
	void verifyWhenEs256ByPublishedKeyThenClaims() {
		var ec = StubIdp.ecKey();
		this.idp.publish(this.key.toPublicJWK(), ec.toPublicJWK());

		assertThat(this.verifier.verify(StubIdp.sign(ec, claims().build())).block()).isNotNull();
	}

	@Test
	void verifyWhenAlgNoneThenRejected() {
		String payload = Base64URL.encode(claims().build().toString()).toString();

		expectRejected(Base64URL.encode("{\"alg\":\"none\"}") + "." + payload + ".");
	}

	@Test
	void verifyWhenHmacKeyedWithThePublicKeyThenRejected() throws Exception {
		byte[] publicKey = this.key.toRSAPublicKey().getEncoded();
		SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.key.getKeyID()).build(),
				claims().build());
		confused.sign(new MACSigner(publicKey));

		expectRejected(confused.serialize());
	}

	@Test
	void verifyWhenClaimsWrongThenRejected() {
		expectRejected(StubIdp.sign(this.key, claims().issuer("https://other.test").build()));
		expectRejected(StubIdp.sign(this.key, claims().audience("other").build()));
		expectRejected(StubIdp.sign(this.key, claims().audience(List.of("gateway", "other")).build()));
		expectRejected(StubIdp.sign(this.key, claims().claim("azp", "other").build()));
		expectRejected(StubIdp.sign(this.key, claims().issueTime(at(Duration.ofMinutes(5))).build()));
		expectRejected(StubIdp.sign(this.key, claims().expirationTime(at(Duration.ofMinutes(-2))).build()));
	}

	@Test
	void verifyWhenExpiredWithinSkewThenAccepted() {
		String token = StubIdp.sign(this.key, claims().expirationTime(at(Duration.ofSeconds(-30))).build());

		assertThat(this.verifier.verify(token).block()).isNotNull();
	}

	@Test
	void verifyWhenIdpRotatedKeysThenJwksReReadOnceAndRateLimited() {
		this.verifier.verify(StubIdp.sign(this.key, claims().build())).block();
		RSAKey rotated = StubIdp.rsaKey();
		this.idp.publish(rotated.toPublicJWK());

		assertThat(this.verifier.verify(StubIdp.sign(rotated, claims().build())).block()).isNotNull();
		assertThat(this.idp.jwksReads).hasValue(2);
		String unknownKid = StubIdp.sign(StubIdp.rsaKey(), claims().build());
		expectRejected(unknownKid);
		expectRejected(unknownKid);
		assertThat(this.idp.jwksReads).hasValue(2);
		this.clock.advance(Duration.ofSeconds(31));
		expectRejected(unknownKid);
		assertThat(this.idp.jwksReads).hasValue(3);
	}

	@Test
	void verifyWhenJwksReadFailedThenFailureRememberedForTheBackoffThenReadAgain() {
		this.idp.failNextJwksReads.set(1);
		String token = StubIdp.sign(this.key, claims().build());

		assertThatThrownBy(() -> this.verifier.verify(token).block()).isInstanceOf(IdentityProviderException.class);
		assertThatThrownBy(() -> this.verifier.verify(token).block()).isInstanceOf(IdentityProviderException.class);
		assertThat(this.idp.jwksReads).hasValue(1);
		this.clock.advance(JwksSource.FAILURE_BACKOFF);

		assertThat(this.verifier.verify(token).block()).isNotNull();
		assertThat(this.idp.jwksReads).hasValue(2);
	}

	@Test
	void verifyWhenJwksReReadFailsThenLastGoodKeysStillVerify() {
		this.verifier.verify(StubIdp.sign(this.key, claims().build())).block();
		this.clock.advance(Duration.ofMinutes(16));
		this.idp.failNextJwksReads.set(2);

		assertThat(this.verifier.verify(StubIdp.sign(this.key, claims().build())).block()).isNotNull();
		assertThat(this.verifier.verify(StubIdp.sign(this.key, claims().build())).block()).isNotNull();
		assertThat(this.idp.jwksReads).as("one failed re-read, then the backoff").hasValue(2);
		this.clock.advance(JwksSource.FAILURE_BACKOFF);
		assertThat(this.verifier.verify(StubIdp.sign(this.key, claims().build())).block()).isNotNull();
		assertThat(this.idp.jwksReads).hasValue(3);
	}

	@Test
	void verifyWhenAlgorithmRefusedThenReasonDoesNotRepeatTheHeader() throws Exception {
		SignedJWT hostile = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims().build());
		hostile.sign(new MACSigner(new byte[32]));
		String forged = Base64URL.encode("{\"alg\":\"HS256\",\"kid\":\"<script>\"}") + "."
				+ hostile.serialize().split("\\.", 3)[1] + "." + hostile.serialize().split("\\.", 3)[2];

		assertThatThrownBy(() -> this.verifier.verify(forged).block()).isInstanceOf(JwtRejectedException.class)
			.hasMessage("algorithm is not accepted");
	}

	private void expectRejected(String token) {
		assertThatThrownBy(() -> this.verifier.verify(token).block()).isInstanceOf(JwtRejectedException.class);
	}

	private JWTClaimsSet.Builder claims() {
		return new JWTClaimsSet.Builder().issuer(StubIdp.ISSUER)
			.audience("gateway")
			.subject("alice")
			.issueTime(at(Duration.ZERO))
			.expirationTime(at(Duration.ofMinutes(5)));
	}

	private Date at(Duration offset) {
		return Date.from(this.clock.instant().plus(offset));
	}

}
