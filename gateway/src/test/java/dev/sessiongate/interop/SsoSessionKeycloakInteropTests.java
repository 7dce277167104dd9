package dev.sessiongate.interop;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway that does not ask for {@code offline_access}: its logins live in Keycloak's
 * regular (SSO) session, and ending that session, as a logout at Keycloak or an
 * administrator does, reaches the gateway through the back-channel. With
 * {@code offline_access} (see {@code GatewayKeycloakInteropTests}) Keycloak keeps the login
 * in an offline session instead, which outlives the SSO session.
 */
class SsoSessionKeycloakInteropTests {

	private static KeycloakStack stack;

	@BeforeAll
	static void start() {
		stack = KeycloakStack.start(properties -> {
			properties.put("sessiongate.oidc.scopes[0]", "openid");
			properties.put("sessiongate.oidc.scopes[1]", "profile");
			properties.put("sessiongate.oidc.scopes[2]", "email");
		}, null);
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@Test
	void backchannelWhenKeycloakEndsTheSsoSessionThenTheGatewaySessionEnds() {
		String session = stack.logins().browser();
		String sid = stack.sid(session);
		assertThat(stack.admin().sessionIds(InteropRealm.USERNAME)).contains(sid);

		stack.admin().endSession(sid);

		Awaitility.await("back-channel logout")
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> stack.client()
				.get()
				.uri("/auth/session")
				.cookie(stack.cookieName(), session)
				.exchange()
				.expectStatus()
				.isUnauthorized());
	}

}
