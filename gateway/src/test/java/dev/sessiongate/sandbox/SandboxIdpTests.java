package dev.sessiongate.sandbox;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxIdpTests {

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
	void discoveryWhenRequestedThenDescribesEndpointsAndCapabilities() {
		Map<String, Object> metadata = OAuthTestClient
			.json(client.get(idp.issuer() + "/.well-known/openid-configuration"));

		assertThat(idp.issuer()).isEqualTo("http://127.0.0.1:" + idp.port());
		assertThat(metadata).containsEntry("issuer", idp.issuer())
			.containsEntry("authorization_endpoint", idp.issuer() + "/authorize")
			.containsEntry("token_endpoint", idp.issuer() + "/token")
			.containsEntry("jwks_uri", idp.issuer() + "/jwks")
			.containsEntry("revocation_endpoint", idp.issuer() + "/revoke")
			.containsEntry("end_session_endpoint", idp.issuer() + "/logout")
			.containsEntry("token_endpoint_auth_methods_supported", List.of("client_secret_basic"))
			.containsEntry("code_challenge_methods_supported", List.of("S256"))
			.containsEntry("backchannel_logout_supported", true)
			.containsEntry("backchannel_logout_session_supported", true)
			.containsEntry("id_token_signing_alg_values_supported", List.of("RS256"));
	}

	@Test
	void jwksWhenRequestedThenPublishesOnlyThePublicSigningKey() throws ParseException {
		JWKSet jwks = JWKSet.parse(client.get(idp.issuer() + "/jwks").body());

		assertThat(jwks.getKeys()).hasSize(1);
		RSAKey key = jwks.getKeys().get(0).toRSAKey();
		assertThat(key.getKeyID()).isEqualTo(idp.signingKey().getKeyID());
		assertThat(key.isPrivate()).isFalse();
		assertThat(key.getModulus().decodeToBigInteger().bitLength()).isEqualTo(2048);
	}

	@Test
	void authorizeWhenValidThenRedirectsWithCodeStateAndIssuer() {
		HttpResponse<String> response = client.get(idp.issuer() + "/authorize?response_type=code&client_id=gateway"
				+ "&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1&scope=openid&state=abc&code_challenge=c"
				+ "&code_challenge_method=S256");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).get()
			.asString()
			.startsWith("https://app.example/cb?x=1&code=")
			.endsWith("&state=abc&iss=" + java.net.URLEncoder.encode(idp.issuer(), java.nio.charset.StandardCharsets.UTF_8));
	}

	@Test
	void authorizeWhenChallengeMissingThenInvalidRequest() {
		HttpResponse<String> response = client.get(idp.issuer()
				+ "/authorize?response_type=code&client_id=gateway&redirect_uri=x:/cb&scope=openid&state=abc");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(OAuthTestClient.json(response)).containsEntry("error", "invalid_request");
	}

	@Test
	void tokenWhenCodeAndVerifierMatchThenIssuesSignedTokens() throws Exception {
		String code = client.authorize("verifier-0123456789-0123456789-0123456789", "nonce-42");

		Map<String, Object> tokens = OAuthTestClient
			.json(client.exchange(code, "verifier-0123456789-0123456789-0123456789"));

		assertThat(tokens).containsEntry("token_type", "Bearer")
			.containsEntry("expires_in", 300)
			.containsEntry("scope", "openid profile")
			.containsKeys("access_token", "refresh_token", "id_token");
		JWTClaimsSet access = verified((String) tokens.get("access_token"));
		JWTClaimsSet id = verified((String) tokens.get("id_token"));
		assertThat(access.getSubject()).isEqualTo("alice");
		assertThat(access.getAudience()).containsExactly("gateway");
		assertThat(access.getStringClaim("client_id")).isEqualTo("gateway");
		assertThat(access.getJWTID()).isNotBlank();
		assertThat(id.getStringClaim("nonce")).isEqualTo("nonce-42");
		assertThat(id.getStringClaim("name")).isEqualTo("Alice Example");
		assertThat(id.getStringClaim("sid")).isEqualTo(access.getStringClaim("sid")).isNotBlank();
		assertThat(id.getIssuer()).isEqualTo(idp.issuer());
	}

	@Test
	void tokenWhenVerifierWrongThenInvalidGrant() {
		String code = client.authorize("verifier-0123456789-0123456789-0123456789", "n");

		HttpResponse<String> response = client.exchange(code, "verifier-9999999999-0123456789-0123456789");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(OAuthTestClient.json(response)).containsEntry("error", "invalid_grant");
	}

	@Test
	void tokenWhenCodeReusedThenInvalidGrantAndFamilyRevoked() throws Exception {
		String verifier = "verifier-0123456789-0123456789-0123456789";
		String code = client.authorize(verifier, "n");
		Map<String, Object> tokens = OAuthTestClient.json(client.exchange(code, verifier));

		HttpResponse<String> reuse = client.exchange(code, verifier);

		assertThat(reuse.statusCode()).isEqualTo(400);
		assertThat(OAuthTestClient.json(reuse)).containsEntry("error", "invalid_grant");
		String sid = SignedJWT.parse((String) tokens.get("access_token")).getJWTClaimsSet().getStringClaim("sid");
		assertThat(idp.isFamilyRevoked(sid)).isTrue();
		assertThat(client.refresh((String) tokens.get("refresh_token")).statusCode()).isEqualTo(400);
	}

	@Test
	void tokenWhenClientSecretWrongThenInvalidClient() {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(idp.issuer() + "/token"))
			.header("Authorization", OAuthTestClient.basic("gateway", "wrong"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=x")));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(OAuthTestClient.json(response)).containsEntry("error", "invalid_client");
	}

	@Test
	void logoutWhenRedirectGivenThenRedirectsThere() {
		HttpResponse<String> response = client
			.get(idp.issuer() + "/logout?post_logout_redirect_uri=https%3A%2F%2Fapp.example%2Fbye&state=s1");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue("https://app.example/bye?state=s1");
		assertThat(client.get(idp.issuer() + "/logout").statusCode()).isEqualTo(200);
	}

	@Test
	void issueTokensWhenCalledThenStartsFamilyAndHidesTokensInToString() throws Exception {
		SandboxTokens tokens = idp.issueTokens("bob");

		assertThat(verified(tokens.idToken()).getStringClaim("email")).isEqualTo("bob@example.com");
		assertThat(verified(tokens.accessToken()).getStringClaim("sid")).isEqualTo(tokens.sid());
		assertThat(tokens.toString()).contains(tokens.sid(), "bob")
			.doesNotContain(tokens.accessToken(), tokens.refreshToken(), tokens.idToken());
	}

	private static JWTClaimsSet verified(String token) throws Exception {
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.verify(new RSASSAVerifier(idp.signingKey().toRSAPublicKey())))
			.isTrue();
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(idp.signingKey().getKeyID());
		return jwt.getJWTClaimsSet();
	}

}
