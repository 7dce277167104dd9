package dev.sessiongate.login;

import java.net.URI;
import java.util.Map;

import com.nimbusds.jwt.JWTParser;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /auth/logout} against the sandbox IdP and a real Redis: the refresh token is
 * revoked at the IdP, the session is gone, the cookie cleared, and the IdP's end-session
 * URL comes back; without a session it is a harmless 200.
 */
class LogoutIntegrationTests {

	private static LoginSandbox sandbox;

	@BeforeAll
	static void start() {
		sandbox = LoginSandbox.start();
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@Test
	void logoutWhenSessionLiveThenRevokedDeletedClearedAndEndSessionUrl() throws Exception {
		String session = sandbox.browserLogin();
		String sid = sandbox.sidOf(session);
		int revocationsBefore = sandbox.idp().revocations();
		double endedBefore = sandbox.counter("sessiongate.sessions.ended", "reason", "logout");

		Map<?, ?> body = logout(session).expectStatus()
			.isOk()
			.expectHeader()
			.value(HttpHeaders.SET_COOKIE, cookie -> assertThat(cookie).startsWith(sandbox.sessionCookieName() + "=;")
				.contains("Max-Age=0"))
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();

		assertThat(sandbox.idp().revocations()).isEqualTo(revocationsBefore + 1);
		assertThat(sandbox.idp().isFamilyRevoked(sid)).isTrue();
		assertThat(sandbox.counter("sessiongate.sessions.ended", "reason", "logout")).isEqualTo(endedBefore + 1);
		URI endSession = URI.create((String) body.get("end_session_url"));
		Map<String, String> query = UriComponentsBuilder.fromUri(endSession).build(true).getQueryParams().toSingleValueMap();
		assertThat(endSession.toString()).startsWith(sandbox.idp().issuer() + "/logout?");
		assertThat(query).containsKeys("id_token_hint", "post_logout_redirect_uri").containsEntry("client_id", "gateway");
		String hint = java.net.URLDecoder.decode(query.get("id_token_hint"), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(JWTParser.parse(hint).getJWTClaimsSet().getClaim("sid")).isEqualTo(sid);
		sandbox.client()
			.get()
			.uri("/auth/session")
			.cookie(sandbox.sessionCookieName(), session)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		sandbox.client()
			.get()
			.uri("/api/orders")
			.cookie(sandbox.sessionCookieName(), session)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void logoutWhenNoSessionThen200WithoutEndSessionUrlAndNoRevocation() {
		int revocationsBefore = sandbox.idp().revocations();

		sandbox.client()
			.post()
			.uri("/auth/logout")
			.header("X-CSRF", "1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.end_session_url")
			.doesNotExist();

		assertThat(sandbox.idp().revocations()).isEqualTo(revocationsBefore);
	}

	@Test
	void logoutWhenSessionAlreadyEndedThen200AndCookieCleared() {
		String session = sandbox.appLogin();
		logout(session).expectStatus().isOk();

		logout(session).expectStatus()
			.isOk()
			.expectHeader()
			.value(HttpHeaders.SET_COOKIE, cookie -> assertThat(cookie).contains("Max-Age=0"))
			.expectBody()
			.jsonPath("$.end_session_url")
			.doesNotExist();
	}

	@Test
	void logoutWhenCsrfHeaderMissingThen403AndSessionKept() {
		SignedIn alice = sandbox.stack().signIn("alice");

		sandbox.client()
			.post()
			.uri("/auth/logout")
			.cookie(sandbox.sessionCookieName(), alice.cookie())
			.exchange()
			.expectStatus()
			.isForbidden();

		sandbox.client()
			.get()
			.uri("/auth/session")
			.cookie(sandbox.sessionCookieName(), alice.cookie())
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec logout(String session) {
		return sandbox.client()
			.post()
			.uri("/auth/logout")
			.header("X-CSRF", "1")
			.cookie(sandbox.sessionCookieName(), session)
			.exchange();
	}

}
