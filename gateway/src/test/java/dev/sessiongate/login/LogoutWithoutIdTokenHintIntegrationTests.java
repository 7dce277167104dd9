package dev.sessiongate.login;

import java.util.Map;

import dev.sessiongate.sandbox.SandboxIdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sessiongate.logout.id-token-hint=false}: the end-session URL names the client but
 * carries no ID token, so no token of any kind reaches the client.
 */
class LogoutWithoutIdTokenHintIntegrationTests {

	private static LoginSandbox sandbox;

	@BeforeAll
	static void start() {
		sandbox = LoginSandbox.start(SandboxIdp.Settings.defaults(), null,
				properties -> properties.put("sessiongate.logout.id-token-hint", false));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@Test
	void logoutWhenIdTokenHintTurnedOffThenEndSessionUrlWithoutIt() {
		String session = sandbox.browserLogin();

		Map<?, ?> body = sandbox.client()
			.post()
			.uri("/auth/logout")
			.header("X-CSRF", "1")
			.cookie(sandbox.sessionCookieName(), session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();

		assertThat((String) body.get("end_session_url")).startsWith(sandbox.idp().issuer() + "/logout?")
			.contains("client_id=gateway")
			.doesNotContain("id_token_hint")
			.doesNotContain("eyJ");
	}

}
