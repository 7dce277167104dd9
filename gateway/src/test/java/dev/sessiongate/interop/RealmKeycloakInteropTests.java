package dev.sessiongate.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the imported realm does, spoken to directly: the facts the gateway relies on
 * (rotation, reuse detection and how Keycloak reports it, the tokens it issues), and the
 * clients prepared for {@code private_key_jwt} and pushed authorization requests, so that a
 * gateway test that fails with them points at the gateway, not at the realm.
 */
class RealmKeycloakInteropTests {

	private static final String KEY_RESOURCE = "/keycloak/private-key-jwt-client.pem";

	private static final String KEY_ID = "gateway-jwt-test-1";

	private static LocalKeycloak keycloak;

	@BeforeAll
	static void start() {
		keycloak = LocalKeycloak.shared();
	}

	@Test
	void refreshWhenARotatedTokenComesBackThenKeycloakReportsReuseAndEndsTheLogin() throws ParseException {
		CodeFlow login = new CodeFlow(keycloak, InteropRealm.Client.GATEWAY, InteropRealm.APP_REDIRECT_URI);
		Map<String, Object> tokens = login.signInAndRedeem(login.authorizationUrl());
		String sid = JWTParser.parse((String) tokens.get("id_token")).getJWTClaimsSet().getStringClaim("sid");
		String first = (String) tokens.get("refresh_token");
		String rotated = (String) login.refresh(first).expect(200).json().get("refresh_token");
		assertThat(rotated).isNotEqualTo(first);

		KeycloakHttp.Answer reuse = login.refresh(first);

		assertThat(reuse.status()).isEqualTo(400);
		assertThat(reuse.error()).isEqualTo("invalid_grant");
		assertThat(new KeycloakAdmin(keycloak).events(InteropRealm.Client.GATEWAY.clientId()))
			.filteredOn(event -> event.isOf(sid) && event.isRefreshTokenReuse())
			.singleElement()
			.satisfies(event -> assertThat(event.error()).isEqualTo("invalid_token"));
		// Keycloak ends the client's part of the login: the token that replaced it is dead too.
		assertThat(login.refresh(rotated).error()).isEqualTo("invalid_grant");
	}

	@Test
	void loginWhenOfflineAccessAskedThenKeycloakIssuesRs256JwtsAndAnOfflineRefreshToken() throws ParseException {
		CodeFlow login = new CodeFlow(keycloak, InteropRealm.Client.GATEWAY, InteropRealm.APP_REDIRECT_URI);

		Map<String, Object> tokens = login.signInAndRedeem(login.authorizationUrl());

		SignedJWT access = SignedJWT.parse((String) tokens.get("access_token"));
		SignedJWT id = SignedJWT.parse((String) tokens.get("id_token"));
		JWTClaimsSet refresh = JWTParser.parse((String) tokens.get("refresh_token")).getJWTClaimsSet();
		assertThat(access.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(id.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(id.getJWTClaimsSet().getStringClaim("sid")).isNotBlank();
		// Keycloak counts expires_in down from exp: 60, or 59 once a second ticked over.
		assertThat((Long) tokens.get("expires_in")).isBetween(InteropRealm.ACCESS_TOKEN_SECONDS - 5L,
				(long) InteropRealm.ACCESS_TOKEN_SECONDS);
		// An offline token: no exp of its own, it lives as long as the offline session.
		assertThat(refresh.getStringClaim("typ")).isEqualTo("Offline");
		assertThat(refresh.getExpirationTime()).isNull();
		// Sizes for benchmarks that want Keycloak-sized tokens; none of them is a secret once printed.
		System.out.printf("Keycloak token sizes (bytes): access=%d refresh=%d id=%d%n",
				((String) tokens.get("access_token")).length(), ((String) tokens.get("refresh_token")).length(),
				((String) tokens.get("id_token")).length());
	}

	@Test
	void loginWhenOfflineAccessAskedThenKeycloakKeepsItInAnOfflineSessionOnly() throws ParseException {
		CodeFlow login = new CodeFlow(keycloak, InteropRealm.Client.GATEWAY, InteropRealm.APP_REDIRECT_URI);

		Map<String, Object> tokens = login.signInAndRedeem(login.authorizationUrl());

		// No SSO session stays behind: a logout at Keycloak has nothing to end, and sends no back-channel logout.
		String sid = JWTParser.parse((String) tokens.get("id_token")).getJWTClaimsSet().getStringClaim("sid");
		assertThat(new KeycloakAdmin(keycloak).sessionIds(InteropRealm.USERNAME)).doesNotContain(sid);
	}

	@Test
	void privateKeyJwtClientWhenAssertionSignedWithTheTestKeyThenKeycloakAuthenticatesIt() throws Exception {
		KeycloakHttp.Answer answer = redeemUnknownCode(clientAssertion(testKey()));

		// The code is made up: past client authentication, the grant is what fails.
		assertThat(answer.error()).isEqualTo("invalid_grant");
	}

	@Test
	void privateKeyJwtClientWhenAssertionSignedWithAnotherKeyThenKeycloakRefusesTheClient() throws Exception {
		PrivateKey otherKey = new RSAKeyGenerator(2048).keyID(KEY_ID).generate().toPrivateKey();

		KeycloakHttp.Answer answer = redeemUnknownCode(clientAssertion(otherKey));

		// 400, not 401: the client authenticated in the form, not in an Authorization header (RFC 6749 5.2).
		assertThat(answer.error()).isEqualTo("invalid_client");
		assertThat(answer.status()).isEqualTo(400);
	}

	@Test
	void parClientWhenAuthorizationRequestIsNotPushedThenKeycloakRefusesIt() {
		CodeFlow login = new CodeFlow(keycloak, InteropRealm.Client.PUSHED_AUTHORIZATION_REQUESTS,
				InteropRealm.APP_REDIRECT_URI);

		KeycloakHttp.Answer answer = new KeycloakBrowser(keycloak).open(login.authorizationUrl());

		assertThat(answer.status()).isEqualTo(302);
		assertThat(answer.location()).startsWith(InteropRealm.APP_REDIRECT_URI + "?");
		assertThat(CodeFlow.query(answer.location())).containsEntry("error", "invalid_request");
	}

	@Test
	void parClientWhenAuthorizationRequestIsPushedThenTheLoginCompletes() {
		CodeFlow login = new CodeFlow(keycloak, InteropRealm.Client.PUSHED_AUTHORIZATION_REQUESTS,
				InteropRealm.APP_REDIRECT_URI);

		Map<String, Object> tokens = login.signInAndRedeem(login.pushedAuthorizationUrl());

		assertThat(tokens).containsKeys("access_token", "refresh_token", "id_token");
	}

	private static KeycloakHttp.Answer redeemUnknownCode(String clientAssertion) {
		Map<String, String> grant = new LinkedHashMap<>();
		grant.put("grant_type", "authorization_code");
		grant.put("code", UUID.randomUUID().toString());
		grant.put("redirect_uri", InteropRealm.APP_REDIRECT_URI);
		grant.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		grant.put("client_assertion", clientAssertion);
		return KeycloakHttp.send(KeycloakHttp.postForm(keycloak.tokenEndpoint(), grant).build());
	}

	/** RFC 7523 client authentication: the client is issuer and subject, Keycloak's issuer the audience. */
	private static String clientAssertion(PrivateKey key) throws JOSEException {
		String clientId = InteropRealm.Client.PRIVATE_KEY_JWT.clientId();
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(keycloak.issuer())
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)))
			.build();
		SignedJWT assertion = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID).type(JOSEObjectType.JWT).build(), claims);
		assertion.sign(new RSASSASigner(key));
		return assertion.serialize();
	}

	/** The test-only PKCS#8 key whose public half the realm registers for the client. */
	private static PrivateKey testKey() throws IOException, GeneralSecurityException {
		try (InputStream pem = RealmKeycloakInteropTests.class.getResourceAsStream(KEY_RESOURCE)) {
			String base64 = new String(pem.readAllBytes(), StandardCharsets.US_ASCII)
				.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
				.replaceAll("\\s", "");
			return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
	}

}
