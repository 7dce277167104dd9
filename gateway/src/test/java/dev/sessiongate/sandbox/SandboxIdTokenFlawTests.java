package dev.sessiongate.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxIdTokenFlawTests {

	private static SandboxIdp idp;

	private static OAuthTestClient client;

	@BeforeAll
	static void start() {
		idp = SandboxIdp.start(SandboxIdp.Settings.defaults());
		client = new OAuthTestClient(idp);
	}

	@AfterAll
	static void stop() {
		idp.close();
	}

	@Test
	void idTokenWhenNoFlawThenAudienceIsAnArrayAndSignatureValid() throws Exception {
		SignedJWT idToken = SignedJWT.parse(loginIdToken());

		assertThat(idToken.verify(verifier())).isTrue();
		assertThat(idToken.getPayload().toJSONObject().get("aud")).isEqualTo(List.of("gateway"));
	}

	@Test
	void idTokenWhenTamperedThenSignatureInvalidOnce() throws Exception {
		idp.nextIdTokenFlaw(IdTokenFlaw.TAMPERED);

		SignedJWT flawed = SignedJWT.parse(loginIdToken());

		assertThat(flawed.verify(verifier())).isFalse();
		assertThat(flawed.getJWTClaimsSet().getSubject()).isEqualTo("mallory");
		assertThat(SignedJWT.parse(loginIdToken()).verify(verifier())).isTrue();
	}

	@Test
	void idTokenWhenExpiredThenExpiryInThePast() throws Exception {
		idp.nextIdTokenFlaw(IdTokenFlaw.EXPIRED);

		assertThat(signedClaims(loginIdToken()).getExpirationTime().toInstant()).isBefore(Instant.now());
	}

	@Test
	void idTokenWhenWrongAudienceOrIssuerOrNonceThenThatClaimDiffers() throws Exception {
		idp.nextIdTokenFlaw(IdTokenFlaw.WRONG_AUDIENCE);
		assertThat(signedClaims(loginIdToken()).getAudience()).doesNotContain("gateway");
		idp.nextIdTokenFlaw(IdTokenFlaw.WRONG_ISSUER);
		assertThat(signedClaims(loginIdToken()).getIssuer()).isNotEqualTo(idp.issuer());
		idp.nextIdTokenFlaw(IdTokenFlaw.WRONG_NONCE);
		assertThat(signedClaims(loginIdToken()).getStringClaim("nonce")).isNotEqualTo("n-1");
	}

	@Test
	void idTokenWhenAlgNoneThenUnsigned() throws Exception {
		idp.nextIdTokenFlaw(IdTokenFlaw.ALG_NONE);

		JWT flawed = JWTParser.parse(loginIdToken());

		assertThat(flawed.getHeader().getAlgorithm()).isEqualTo(Algorithm.NONE);
		assertThat(flawed.getJWTClaimsSet().getSubject()).isEqualTo("alice");
	}

	@Test
	void idTokenWhenSignedByUnknownKeyThenKidNotInJwks() throws Exception {
		idp.nextIdTokenFlaw(IdTokenFlaw.SIGNED_BY_UNKNOWN_KEY);

		SignedJWT flawed = SignedJWT.parse(loginIdToken());

		assertThat(flawed.getHeader().getKeyID()).isNotEqualTo(idp.signingKey().getKeyID());
		assertThat(flawed.verify(verifier())).isFalse();
	}

	@Test
	void logoutTokenWhenSubAndSidThenCarriesBackchannelEvent() throws Exception {
		JWTClaimsSet claims = signedClaims(idp.logoutToken("alice", "sid-1"));

		assertThat(claims.getIssuer()).isEqualTo(idp.issuer());
		assertThat(claims.getAudience()).containsExactly("gateway");
		assertThat(claims.getSubject()).isEqualTo("alice");
		assertThat(claims.getStringClaim("sid")).isEqualTo("sid-1");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
		assertThat(claims.getJSONObjectClaim("events"))
			.containsEntry("http://schemas.openid.net/event/backchannel-logout", Map.of());
	}

	@Test
	void signUnknownKeyWhenVerifiedWithIdpKeyThenFails() throws Exception {
		String token = idp.signUnknownKey(new JWTClaimsSet.Builder().subject("alice").build());

		assertThat(SignedJWT.parse(token).verify(verifier())).isFalse();
		assertThat(SignedJWT.parse(idp.logoutToken(new JWTClaimsSet.Builder().subject("x").build())).verify(verifier()))
			.isTrue();
	}

	private static String loginIdToken() {
		return (String) client.login().get("id_token");
	}

	private static JWTClaimsSet signedClaims(String token) throws Exception {
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.verify(verifier())).isTrue();
		return jwt.getJWTClaimsSet();
	}

	private static RSASSAVerifier verifier() throws Exception {
		return new RSASSAVerifier(idp.signingKey().toRSAPublicKey());
	}

}
