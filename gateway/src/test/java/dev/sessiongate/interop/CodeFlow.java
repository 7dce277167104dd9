package dev.sessiongate.interop;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One authorization code login at Keycloak for a client with a secret, spoken directly
 * (no gateway): for tests of what the realm itself does, such as reuse detection, PAR and
 * the tokens Keycloak issues. PKCE S256, {@code state} and {@code nonce} as the gateway
 * sends them.
 */
final class CodeFlow {

	static final String SCOPES = "openid profile email offline_access";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final LocalKeycloak keycloak;

	private final InteropRealm.Client client;

	private final String redirectUri;

	private final String verifier = random();

	private final String state = random();

	CodeFlow(LocalKeycloak keycloak, InteropRealm.Client client, String redirectUri) {
		this.keycloak = keycloak;
		this.client = client;
		this.redirectUri = redirectUri;
	}

	/** The front-channel authorization URL, parameters in the query. */
	String authorizationUrl() {
		return authorizationEndpoint() + "?" + KeycloakHttp.form(parameters());
	}

	/** Pushes the parameters (RFC 9126); the URL then carries only the client and the {@code request_uri}. */
	String pushedAuthorizationUrl() {
		KeycloakHttp.Answer pushed = KeycloakHttp.send(authenticated(KeycloakHttp
			.postForm(this.keycloak.issuer() + "/protocol/openid-connect/ext/par/request", parameters())).build())
			.expect(201);
		Map<String, String> reference = new LinkedHashMap<>();
		reference.put("client_id", this.client.clientId());
		reference.put("request_uri", (String) pushed.json().get("request_uri"));
		return authorizationEndpoint() + "?" + KeycloakHttp.form(reference);
	}

	/** Signs the user in at Keycloak's form and redeems the code: the token response. */
	Map<String, Object> signInAndRedeem(String authorizationUrl) {
		String callback = new KeycloakBrowser(this.keycloak).signIn(authorizationUrl, InteropRealm.USERNAME,
				InteropRealm.PASSWORD);
		Map<String, String> answer = query(callback);
		if (!this.state.equals(answer.get("state")) || answer.get("code") == null) {
			throw new IllegalStateException("Keycloak answered without this login's state or a code: "
					+ answer.getOrDefault("error", "no error code"));
		}
		Map<String, String> grant = new LinkedHashMap<>();
		grant.put("grant_type", "authorization_code");
		grant.put("code", answer.get("code"));
		grant.put("redirect_uri", this.redirectUri);
		grant.put("code_verifier", this.verifier);
		return token(grant).expect(200).json();
	}

	/** A refresh grant with {@code refreshToken}: Keycloak's answer, success or not. */
	KeycloakHttp.Answer refresh(String refreshToken) {
		return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
	}

	/** The callback's query parameters ({@code code}, {@code state}, or {@code error}). */
	static Map<String, String> query(String callbackUrl) {
		Map<String, String> parameters = new LinkedHashMap<>();
		String query = callbackUrl.substring(callbackUrl.indexOf('?') + 1);
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
		}
		return parameters;
	}

	private KeycloakHttp.Answer token(Map<String, String> grant) {
		return KeycloakHttp.send(authenticated(KeycloakHttp.postForm(this.keycloak.tokenEndpoint(), grant)).build());
	}

	private java.net.http.HttpRequest.Builder authenticated(java.net.http.HttpRequest.Builder request) {
		return request.header("Authorization", KeycloakHttp.basic(this.client.clientId(),
				java.util.Objects.requireNonNull(this.client.secret(), "a client with a secret")));
	}

	private Map<String, String> parameters() {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", this.client.clientId());
		parameters.put("redirect_uri", this.redirectUri);
		parameters.put("scope", SCOPES);
		parameters.put("state", this.state);
		parameters.put("nonce", random());
		parameters.put("code_challenge", challenge(this.verifier));
		parameters.put("code_challenge_method", "S256");
		return parameters;
	}

	private String authorizationEndpoint() {
		return this.keycloak.issuer() + "/protocol/openid-connect/auth";
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
