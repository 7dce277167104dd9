package dev.sessiongate.login;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.SandboxGateway;
import dev.sessiongate.sandbox.SandboxIdp;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway starts while its IdP is down, answers logins with
 * {@code 503 identity_provider_unavailable} and is not ready; once the IdP answers, it is
 * ready and logins work, with no restart. A logout whose revocation fails still ends the
 * session and counts the failure.
 */
class LoginWhenIdpDownIntegrationTests {

	@Test
	void startWhenIdpDownThen503AndNotReadyUntilItAnswers() throws IOException {
		int idpPort = freePort();
		Map<String, Object> properties = new HashMap<>(Map.of("server.port", 0, "management.server.port", 0,
				"spring.data.redis.url", LocalRedis.shared().url(), "sessiongate.oidc.issuer-uri",
				"http://127.0.0.1:" + idpPort, "sessiongate.oidc.client-id", "gateway", "sessiongate.oidc.client-secret",
				"sandbox-secret", "sessiongate.oidc.redirect-uri", "http://127.0.0.1:1/auth/callback",
				"sessiongate.session.cookie.secure", false, "sessiongate.session.keys[0].id", "k1",
				"sessiongate.session.keys[0].secret", SandboxGateway.randomKey()));
		properties.put("sessiongate.oidc.allow-insecure-http", true);
		try (SandboxGateway gateway = SandboxGateway.start(properties)) {
			WebTestClient client = WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30)).build();
			String readiness = "http://127.0.0.1:" + gateway.managementPort() + "/actuator/health/readiness";

			client.get()
				.uri(gateway.baseUrl() + "/auth/login")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.exists(HttpHeaders.RETRY_AFTER)
				.expectBody()
				.jsonPath("$.error")
				.isEqualTo("identity_provider_unavailable");
			client.get().uri(readiness).exchange().expectStatus().isEqualTo(503);

			try (SandboxIdp idp = SandboxIdp.start(SandboxIdp.Settings.defaults().withPort(idpPort))) {
				String location = client.get()
					.uri(gateway.baseUrl() + "/auth/login")
					.exchange()
					.expectStatus()
					.isFound()
					.returnResult(Void.class)
					.getResponseHeaders()
					.getFirst(HttpHeaders.LOCATION);
				assertThat(location).startsWith(idp.issuer() + "/authorize?");
				client.get().uri(readiness).exchange().expectStatus().isOk();
			}
		}
	}

	@Test
	void logoutWhenRevocationFailsThenSessionEndsAndFailureCounted() {
		try (LoginSandbox sandbox = LoginSandbox.start()) {
			String session = sandbox.browserLogin();
			sandbox.idp().close();

			sandbox.client()
				.post()
				.uri("/auth/logout")
				.header("X-CSRF", "1")
				.cookie(sandbox.sessionCookieName(), session)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.end_session_url")
				.isNotEmpty();

			assertThat(sandbox.counter("sessiongate.logout.revocation.failures")).isEqualTo(1);
			sandbox.client()
				.get()
				.uri("/auth/session")
				.cookie(sandbox.sessionCookieName(), session)
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
