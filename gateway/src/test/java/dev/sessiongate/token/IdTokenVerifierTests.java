package dev.sessiongate.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sessiongate.sandbox.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link IdTokenVerifier}: what an ID token needs beyond a valid JWT. */
class IdTokenVerifierTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final RSAKey key = StubIdp.rsaKey();

	private IdTokenVerifier verifier;

	@BeforeEach
	void setUp() {
		StubIdp idp = new StubIdp();
		idp.publish(this.key.toPublicJWK());
		ProviderMetadataSource metadata = new ProviderMetadataSource(StubIdp.PROPERTIES, idp.webClient, this.clock);
		this.verifier = new IdTokenVerifier(new JwtVerifier(new JwksSource(metadata, idp.webClient, this.clock),
				metadata, StubIdp.PROPERTIES, this.clock));
	}

	@Test
	void verifyWhenNonceMatchesThenClaims() {
		assertThat(this.verifier.verify(StubIdp.sign(this.key, claims().build()), "n-1").block().getSubject())
			.isEqualTo("alice");
	}

	@Test
	void verifyWhenNonceDiffersOrMissingThenRejected() {
		expectRejected(claims().build(), "n-2");
		expectRejected(claims().claim("nonce", null).build(), "n-1");
	}

	@Test
	void verifyWhenExpOrSubMissingThenRejected() {
		expectRejected(claims().expirationTime(null).build(), "n-1");
		expectRejected(claims().subject(null).build(), "n-1");
	}

	@Test
	void verifyWhenExpiredThenRejected() {
		expectRejected(claims().expirationTime(Date.from(this.clock.instant().minus(Duration.ofHours(1)))).build(),
				"n-1");
	}

	@Test
	void keepIfSameUserWhenRefreshedIdTokenIsTheSameUsersThenKept() {
		TokenSet refreshed = refreshedWith(StubIdp.sign(this.key, claims().claim("nonce", null).build()));

		assertThat(this.verifier.keepIfSameUser(previous(), refreshed).block()).isEqualTo(refreshed);
	}

	@Test
	void keepIfSameUserWhenIssuerSubjectAudienceOrAuthTimeDiffersThenDropped() {
		expectDropped(claims().subject("mallory").build());
		expectDropped(claims().audience(java.util.List.of("gateway", "other")).claim("azp", "gateway").build());
		expectDropped(claims().claim("auth_time", 12345L).build());
		expectDropped(claims().issuer("https://other.test").build());
	}

	@Test
	void keepIfSameUserWhenSignatureBadOrNoPreviousIdTokenThenDroppedAndTheRestKept() {
		TokenSet forged = refreshedWith(StubIdp.sign(StubIdp.rsaKey(), claims().build()));
		TokenSet kept = this.verifier.keepIfSameUser(previous(), forged).block();

		assertThat(kept.idToken()).isNull();
		assertThat(kept.refreshToken()).isEqualTo("rt-2");
		assertThat(kept.accessToken()).isEqualTo("at-2");
		TokenSet noPrevious = new TokenSet("at-1", this.clock.instant(), "rt-1", null);
		assertThat(this.verifier.keepIfSameUser(noPrevious, refreshedWith(StubIdp.sign(this.key, claims().build())))
			.block()
			.idToken()).isNull();
	}

	private void expectDropped(JWTClaimsSet refreshedClaims) {
		TokenSet kept = this.verifier.keepIfSameUser(previous(), refreshedWith(StubIdp.sign(this.key, refreshedClaims)))
			.block();
		assertThat(kept.idToken()).isNull();
		assertThat(kept.refreshToken()).isEqualTo("rt-2");
	}

	private TokenSet previous() {
		return new TokenSet("at-1", this.clock.instant(), "rt-1", StubIdp.sign(this.key, claims().build()));
	}

	private TokenSet refreshedWith(String idToken) {
		return new TokenSet("at-2", this.clock.instant().plus(Duration.ofMinutes(5)), "rt-2", idToken);
	}

	private void expectRejected(JWTClaimsSet claims, String nonce) {
		String token = StubIdp.sign(this.key, claims);
		assertThatThrownBy(() -> this.verifier.verify(token, nonce).block()).isInstanceOf(JwtRejectedException.class);
	}

	private JWTClaimsSet.Builder claims() {
		Instant now = this.clock.instant();
		return new JWTClaimsSet.Builder().issuer(StubIdp.ISSUER)
			.audience("gateway")
			.subject("alice")
			.claim("nonce", "n-1")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
	}

}
