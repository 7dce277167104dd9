package dev.sessiongate.interop;

import java.time.Duration;

import dev.sessiongate.session.Session;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway against a real Keycloak (issue 14): both login flows through Keycloak's own
 * login form, the relay to an API that validates Keycloak's access tokens, logout that
 * revokes the refresh token at Keycloak, and Keycloak's back-channel logout.
 */
class GatewayKeycloakInteropTests {

	private static KeycloakStack stack;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		stack = KeycloakStack.start();
		client = stack.client();
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@Test
	void browserLoginWhenUserSignsInAtKeycloakThenSessionCarriesKeycloakClaims() {
		String session = stack.logins().browser();

		client.get()
			.uri("/auth/session")
			.cookie(stack.cookieName(), session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.authenticated")
			.isEqualTo(true)
			.jsonPath("$.subject")
			.isEqualTo(stack.admin().userId(InteropRealm.USERNAME))
			.jsonPath("$.claims.preferred_username")
			.isEqualTo(InteropRealm.USERNAME)
			.jsonPath("$.claims.email")
			.isEqualTo("alice@example.test");
	}

	@Test
	void appLoginWhenCallbackUrlHandedBackThenKeycloakRedeemedTheCodeOnce() {
		String session = stack.logins().app();

		String sid = stack.sid(session);
		assertThat(stack.admin().events(stack.clientId()))
			.filteredOn(event -> event.isOf(sid) && event.type().startsWith("CODE_TO_TOKEN"))
			.extracting(KeycloakEvent::type)
			.containsExactly("CODE_TO_TOKEN");
		client.get().uri("/auth/session").cookie(stack.cookieName(), session).exchange().expectStatus().isOk();
	}

	@Test
	void relayWhenSignedInThenApiAcceptsKeycloakAccessTokenAndSeesNoSessionCookie() {
		String session = stack.logins().app();

		client.get()
			.uri("/api/orders")
			.cookie(stack.cookieName(), session)
			.cookie("theme", "dark")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sub")
			.isEqualTo(stack.admin().userId(InteropRealm.USERNAME))
			.jsonPath("$.azp")
			.isEqualTo(stack.clientId())
			.jsonPath("$.sid")
			.isEqualTo(stack.sid(session))
			.jsonPath("$.cookie")
			.isEqualTo("theme=dark");
	}

	@Test
	void logoutWhenSignedInThenKeycloakRefusesTheRevokedRefreshToken() {
		String session = stack.logins().app();
		String refreshToken = stored(session).tokens().refreshToken();

		client.post()
			.uri("/auth/logout")
			.header("X-CSRF", "1")
			.cookie(stack.cookieName(), session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.end_session_url")
			.value(url -> assertThat((String) url)
				.startsWith(stack.keycloak().issuer() + "/protocol/openid-connect/logout?")
				.contains("id_token_hint="));

		client.get().uri("/auth/session").cookie(stack.cookieName(), session).exchange().expectStatus().isUnauthorized();
		KeycloakHttp.Answer refresh = new CodeFlow(stack.keycloak(), InteropRealm.Client.GATEWAY, "unused")
			.refresh(refreshToken);
		assertThat(refresh.status()).isEqualTo(400);
		assertThat(refresh.error()).isEqualTo("invalid_grant");
	}

	@Test
	void backchannelWhenKeycloakEndsTheLoginThenOnlyThatGatewaySessionEnds() {
		String ended = stack.logins().app();
		String kept = stack.logins().browser();

		// offline_access (a default scope) puts the login in an offline session at Keycloak.
		stack.admin().endOfflineSession(stack.sid(ended));

		Awaitility.await("back-channel logout")
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> client.get()
				.uri("/auth/session")
				.cookie(stack.cookieName(), ended)
				.exchange()
				.expectStatus()
				.isUnauthorized());
		client.get().uri("/auth/session").cookie(stack.cookieName(), kept).exchange().expectStatus().isOk();
	}

	private static Session stored(String cookie) {
		Session session = stack.session(cookie);
		assertThat(session).as("stored session").isNotNull();
		return session;
	}

}
