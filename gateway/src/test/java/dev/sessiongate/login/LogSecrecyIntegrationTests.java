package dev.sessiongate.login;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.sessiongate.sandbox.RawHttp;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything the gateway logs over a whole scenario, at DEBUG for its own code: both
 * logins, relayed calls that refresh, hostile inputs everywhere, back-channel and
 * front-channel logout. The log holds no token (nor a token's signature), no cookie value,
 * no client secret, and nothing of what the test sent in a hostile header or parameter.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogSecrecyIntegrationTests {

	private final List<String> secrets = new ArrayList<>();

	private final List<String> hostile = new ArrayList<>();

	@Test
	void scenarioWhenLoggedAtDebugThenNoSecretAndNoHostileText(CapturedOutput output) {
		// Ten-second access tokens with the default 30 s skew: every relayed call refreshes.
		SandboxIdp.Settings idp = SandboxIdp.Settings.defaults().withAccessTokenLifetime(Duration.ofSeconds(10));
		// Set on the running logging system: a logging.level property would come too late for a
		// gateway started second in this JVM (it is applied before the sandbox settings are).
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		try (LoginSandbox sandbox = LoginSandbox.start(idp, null, properties -> {
		})) {
			logging.setLogLevel("dev.sessiongate", LogLevel.DEBUG);
			this.secrets.add(sandbox.idp().clientSecret());
			String browser = sandbox.browserLogin();
			String app = sandbox.appLogin();
			keepSecretsOf(sandbox, browser);
			keepSecretsOf(sandbox, app);

			relay(sandbox, browser);
			relay(sandbox, app);
			assertThat(sandbox.idp().refreshCount()).as("refreshes").isPositive();
			keepSecretsOf(sandbox, browser);
			keepSecretsOf(sandbox, app);
			sendHostileInputs(sandbox, browser);

			sandbox.client().post().uri("/auth/logout").header("X-CSRF", "1").cookie(sandbox.sessionCookieName(), app)
				.exchange().expectStatus().isOk();
			RawHttp.send(sandbox.stack().gateway().port(), "POST /auth/logout/backchannel HTTP/1.1\r\nContent-Type: "
					+ "application/x-www-form-urlencoded", ("logout_token=" + sandbox.idp().logoutToken(null,
							sandbox.sidOf(browser))).getBytes(StandardCharsets.US_ASCII));
		}
		finally {
			logging.setLogLevel("dev.sessiongate", null);
		}

		String log = output.getAll();
		assertThat(log).as("the scenario ran and logged, at DEBUG").contains("Back-channel logout ended",
				"Back-channel logout token rejected");
		for (String secret : this.secrets) {
			assertThat(log).as("a secret of %d characters", secret.length()).doesNotContain(secret);
		}
		for (String text : this.hostile) {
			assertThat(log).as("hostile text").doesNotContain(text);
		}
	}

	private void relay(LoginSandbox sandbox, String session) {
		for (int i = 0; i < 3; i++) {
			sandbox.client().get().uri("/api/orders").cookie(sandbox.sessionCookieName(), session).exchange()
				.expectStatus().isOk();
		}
	}

	private void sendHostileInputs(LoginSandbox sandbox, String session) {
		int port = sandbox.stack().gateway().port();
		String cookie = sandbox.sessionCookieName() + "=" + session;
		RawHttp.send(port, "GET /api/orders HTTP/1.1\r\nCookie: " + cookie + "\r\nUser-Agent: " + marker()
				+ "\r\nReferer: " + marker() + "\r\nX-Forwarded-For: " + marker() + "\r\nAuthorization: Bearer " + marker());
		RawHttp.send(port, "POST /api/orders HTTP/1.1\r\nCookie: " + cookie + "\r\nX-CSRF: " + marker());
		RawHttp.send(port, "GET /api/orders HTTP/1.1\r\nCookie: " + cookie + "; " + sandbox.sessionCookieName() + "="
				+ marker());
		RawHttp.send(port, "GET /auth/session HTTP/1.1\r\nCookie: " + sandbox.sessionCookieName() + "=" + marker()
				+ "; SG_LOGIN=" + marker());
		RawHttp.send(port, "TRACE /api/orders HTTP/1.1\r\nX-Trace: " + marker());
		RawHttp.send(port, "GET /api/orders HTTP/1.1\r\nX-Big: " + marker() + "x".repeat(40_000));
		RawHttp.send(port, "GET /auth/" + marker() + "%zz HTTP/1.1");
		RawHttp.send(port, "GET /auth/login?return_to=//" + marker() + " HTTP/1.1");
		LoginSandbox.Started started = sandbox.startBrowser(null);
		String callback = sandbox.authorize(started.location());
		String query = callback.substring(callback.indexOf('?') + 1);
		RawHttp.send(port, "GET /auth/callback?" + query.replaceAll("iss=[^&]*", "iss=" + marker()) + " HTTP/1.1\r\n"
				+ "Cookie: SG_LOGIN=" + started.loginCookie());
		RawHttp.send(port, "GET /auth/callback?error=" + marker() + "&state=" + marker() + " HTTP/1.1\r\nCookie: SG_LOGIN="
				+ started.loginCookie());
		RawHttp.send(port, "GET /auth/callback?code=x&state=y HTTP/1.1\r\nCookie: SG_LOGIN=" + marker());
		String[] token = sandbox.idp().logoutToken("alice", null).split("\\.");
		String forgedHeader = Base64.getUrlEncoder().withoutPadding().encodeToString(
				("{\"alg\":\"" + marker() + "\",\"kid\":\"" + marker() + "\"}").getBytes(StandardCharsets.UTF_8));
		for (String form : List.of("logout_token=" + forgedHeader + "." + token[1] + "." + token[2], "logout_token="
				+ marker(), marker() + "=%")) {
			RawHttp.send(port, "POST /auth/logout/backchannel HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
					form.getBytes(StandardCharsets.US_ASCII));
		}
		sandbox.client().post().uri("/auth/login/end").header("X-CSRF", "1").cookie("SG_LOGIN", started.loginCookie())
			.header("Content-Type", "application/json")
			.bodyValue("{\"callback_url\":\"x:/y?code=" + marker() + "&state=" + marker() + "&code=" + marker() + "\"}")
			.exchange();
	}

	/** A fresh string the gateway must never write down: only a client sent it. */
	private String marker() {
		String marker = "hostile" + UUID.randomUUID().toString().replace("-", "");
		this.hostile.add(marker);
		return marker;
	}

	private void keepSecretsOf(LoginSandbox sandbox, String sessionCookie) {
		this.secrets.add(sessionCookie);
		MockServerHttpRequest request = MockServerHttpRequest.get("/")
			.cookie(new HttpCookie(sandbox.sessionCookieName(), sessionCookie))
			.build();
		Session session = sandbox.stack().gateway().bean(SessionStore.class)
			.find(sandbox.stack().gateway().bean(SessionCookie.class).read(request).orElseThrow())
			.block(Duration.ofSeconds(10));
		TokenSet tokens = session.tokens();
		for (String token : new String[] { tokens.accessToken(), tokens.refreshToken(), tokens.idToken() }) {
			if (token != null) {
				this.secrets.add(token);
				String[] parts = token.split("\\.");
				this.secrets.add(parts[parts.length - 1]);
			}
		}
	}

}
