package dev.sessiongate.sandbox;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox IdP's {@code private_key_jwt} check, as a strict provider makes it: an assertion passes once, signed by
 * the registered key, for this client, for the token endpoint or the issuer, not expired; its {@code jti} replayed
 * is refused.
 */
class SandboxClientAssertionTests {

	private static ECKey key;

	private static SandboxIdp idp;

	private static OAuthTestClient client;

	@BeforeAll
	static void start() throws JOSEException {
		key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
		idp = SandboxIdp.start(SandboxIdp.Settings.defaults()
			.withClientAuthMethod("private_key_jwt")
			.withQuirks(Quirks.none().withClientKey(key)));
		client = new OAuthTestClient(idp);
	}

	@AfterAll
	static void stop() {
		idp.close();
	}

	@Test
	void tokenWhenAnAssertionIsReplayedThenTheSecondUseIsAnInvalidClient() throws JOSEException {
		String assertion = assertion(key, idp.issuer() + "/token", Instant.now().plusSeconds(60), "jti-1");

		assertThat(redeemUnknownCode(assertion).body()).contains("invalid_grant");
		HttpResponse<String> replayed = redeemUnknownCode(assertion);

		assertThat(replayed.statusCode()).isEqualTo(401);
		assertThat(replayed.body()).contains("invalid_client");
	}

	@Test
	void tokenWhenTheAssertionIsExpiredForAnotherAudienceOrByAnotherKeyThenInvalidClient() throws JOSEException {
		ECKey other = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();

		assertThat(redeemUnknownCode(assertion(key, idp.issuer() + "/token", Instant.now().minusSeconds(1), "jti-2"))
			.body()).contains("invalid_client");
		assertThat(redeemUnknownCode(assertion(key, "https://elsewhere.example/token", Instant.now().plusSeconds(60),
				"jti-3"))
			.body()).contains("invalid_client");
		assertThat(redeemUnknownCode(assertion(other, idp.issuer() + "/token", Instant.now().plusSeconds(60), "jti-4"))
			.body()).contains("invalid_client");
		assertThat(redeemUnknownCode(assertion(key, idp.issuer(), Instant.now().plusSeconds(60), "jti-5")).body())
			.contains("invalid_grant");
	}

	private static HttpResponse<String> redeemUnknownCode(String assertion) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", "unknown");
		form.put("redirect_uri", OAuthTestClient.REDIRECT_URI);
		form.put("code_verifier", "v".repeat(43));
		form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		form.put("client_assertion", assertion);
		return client.send(HttpRequest.newBuilder(URI.create(idp.issuer() + "/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(OAuthTestClient.encode(form))));
	}

	private static String assertion(ECKey signer, String audience, Instant expiry, String jti) throws JOSEException {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(idp.clientId())
			.subject(idp.clientId())
			.audience(audience)
			.expirationTime(Date.from(expiry))
			.issueTime(new Date())
			.jwtID(jti)
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.getKeyID()).build(), claims);
		jwt.sign(new ECDSASigner(signer));
		return jwt.serialize();
	}

}
