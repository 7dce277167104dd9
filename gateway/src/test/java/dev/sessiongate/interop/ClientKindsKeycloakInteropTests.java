package dev.sessiongate.interop;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway with Keycloak's other kinds of client (issue 14): one whose authorization requests Keycloak accepts
 * only pushed (RFC 9126), and one that authenticates with {@code private_key_jwt} (the realm holds its public key;
 * the gateway reads the test-only PKCS#8 key from the class path). Each signs in, relays, and logs out with
 * revocation, all authenticated the client's way; the {@code private_key_jwt} client refreshes too.
 * <p>
 * The gateway's clock stays real here: a {@code private_key_jwt} assertion carries the gateway's time, and Keycloak
 * refuses one issued in its future, so a refresh is provoked by the API refusing the token (a reactive refresh, which
 * a login's tokens may have at once) rather than by moving the clock into the skew.
 */
class ClientKindsKeycloakInteropTests {

	private static final String PUSHED_REQUEST_URI = "urn:ietf:params:oauth:request_uri:";

	@Test
	void pushedAuthorizationRequestsWhenKeycloakRequiresThemThenBothLoginsRelayAndLogoutWork() {
		LocalKeycloak.shared();
		try (KeycloakStack stack = KeycloakStack.start(InteropRealm.Client.PUSHED_AUTHORIZATION_REQUESTS,
				properties -> {
				}, null)) {
			assertOnlyARequestUri(browserAuthorizationUrl(stack), stack.clientId());
			assertOnlyARequestUri(appAuthorizationUrl(stack), stack.clientId());

			// Keycloak refuses this client's unpushed requests: each login went through a pushed one.
			String browser = stack.logins().browser();
			String app = stack.logins().app();

			relay(stack, browser);
			relay(stack, app);
			assertThat(stack.admin().events(stack.clientId())).extracting(KeycloakEvent::type)
				.contains("CODE_TO_TOKEN")
				.doesNotContain("PUSHED_AUTHORIZATION_REQUEST_ERROR", "CODE_TO_TOKEN_ERROR", "LOGIN_ERROR");
			logoutRevokes(stack, app);
		}
	}

	@Test
	void privateKeyJwtWhenTheGatewaySignsItsAssertionsThenLoginRefreshAndRevocationWork() {
		LocalKeycloak.shared();
		try (KeycloakStack stack = KeycloakStack.start(InteropRealm.Client.PRIVATE_KEY_JWT, properties -> {
		}, null)) {
			String session = stack.logins().app();
			String sid = stack.sid(session);
			String before = relay(stack, session);

			stack.api().refuse(before);
			String after = relay(stack, session);

			assertThat(after).isNotEqualTo(before);
			assertThat(stack.admin().events(stack.clientId())).filteredOn(event -> event.isOf(sid))
				.extracting(KeycloakEvent::type)
				.contains("CODE_TO_TOKEN", "REFRESH_TOKEN")
				.doesNotContain("CODE_TO_TOKEN_ERROR", "REFRESH_TOKEN_ERROR");
			logoutRevokes(stack, session);
		}
	}

	/** Where {@code GET /auth/login} sends the browser. */
	private static String browserAuthorizationUrl(KeycloakStack stack) {
		return stack.client()
			.get()
			.uri("/auth/login")
			.exchange()
			.expectStatus()
			.isFound()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getFirst("Location");
	}

	/** The {@code authorization_url} of {@code POST /auth/login/start}. */
	private static String appAuthorizationUrl(KeycloakStack stack) {
		Map<?, ?> start = stack.client()
			.post()
			.uri("/auth/login/start")
			.header("X-CSRF", "1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) start.get("authorization_url");
	}

	/** RFC 9126 section 4: the front channel carries the client and the pushed request's handle, nothing else. */
	private static void assertOnlyARequestUri(String authorizationUrl, String clientId) {
		MultiValueMap<String, String> parameters = UriComponentsBuilder.fromUri(URI.create(authorizationUrl))
			.build()
			.getQueryParams();
		assertThat(parameters).containsOnlyKeys("client_id", "request_uri");
		assertThat(parameters.get("client_id")).containsExactly(clientId);
		assertThat(URLDecoder.decode(parameters.getFirst("request_uri"), StandardCharsets.UTF_8))
			.startsWith(PUSHED_REQUEST_URI);
	}

	/** A relayed call Keycloak's token passed at the API: the token's {@code jti}. */
	private static String relay(KeycloakStack stack, String session) {
		Map<?, ?> answer = stack.client()
			.get()
			.uri("/api/orders")
			.cookie(stack.cookieName(), session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(answer.get("azp")).isEqualTo(stack.clientId());
		return (String) answer.get("jti");
	}

	/** Logout: the session ends, and Keycloak saw the refresh token revoked by this client, authenticated its way. */
	private static void logoutRevokes(KeycloakStack stack, String session) {
		WebTestClient client = stack.client();
		client.post()
			.uri("/auth/logout")
			.header("X-CSRF", "1")
			.cookie(stack.cookieName(), session)
			.exchange()
			.expectStatus()
			.isOk();
		client.get().uri("/auth/session").cookie(stack.cookieName(), session).exchange().expectStatus().isUnauthorized();
		assertThat(stack.admin().events(stack.clientId())).extracting(KeycloakEvent::type)
			.contains("REVOKE_GRANT")
			.doesNotContain("REVOKE_GRANT_ERROR");
	}

}
