package dev.sessiongate.login;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app login ({@code POST /auth/login/start}, {@code POST /auth/login/end}) against the
 * sandbox IdP and a real Redis: the whole journey, then unregistered redirect URIs and
 * bodies that are not what the contract asks for, each a 400 that creates no session.
 */
class AppLoginIntegrationTests {

	private static LoginSandbox sandbox;

	private double sessionsBefore;

	@BeforeAll
	static void start() {
		sandbox = LoginSandbox.start();
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void countSessions() {
		this.sessionsBefore = sandbox.sessionsCreated();
	}

	@Test
	void appLoginWhenCallbackUrlHandedBackThenSessionAndApiCallsWork() {
		Map<?, ?> start = sandbox.post("/auth/login/start", null, null)
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat((String) start.get("authorization_url")).startsWith(sandbox.idp().issuer() + "/authorize?")
			.contains("redirect_uri=dev.sessiongate.test%3A%2Foauth2redirect")
			.contains("state=" + start.get("state"));

		String session = sandbox.appLogin();

		assertThat(sandbox.sessionsCreated()).isEqualTo(this.sessionsBefore + 1);
		sandbox.client()
			.get()
			.uri("/api/orders")
			.cookie(sandbox.sessionCookieName(), session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.sub")
			.isEqualTo("alice");
		sandbox.client()
			.get()
			.uri("/auth/session")
			.cookie(sandbox.sessionCookieName(), session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.subject")
			.isEqualTo("alice")
			.jsonPath("$.claims.name")
			.isEqualTo("Alice Example");
	}

	@Test
	void endWhenLoginSucceedsThenAnswersSubjectAndClaimsButNoToken() {
		LoginSandbox.Started started = sandbox.startApp("{\"redirect_uri\":\"" + LoginSandbox.OTHER_APP_REDIRECT + "\"}");
		String callback = sandbox.authorize(started.location());
		assertThat(callback).startsWith(LoginSandbox.OTHER_APP_REDIRECT + "?");

		String body = sandbox.endApp(callback, started.loginCookie())
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).contains("\"authenticated\":true", "\"subject\":\"alice\"", "alice@example.com")
			.doesNotContain("access_token", "refresh_token", "id_token", "eyJ", "\"sid\"", "nonce");
	}

	@Test
	void startWhenRedirectUriNotRegisteredThen400() {
		sandbox.expectInvalidRequest(
				sandbox.post("/auth/login/start", "{\"redirect_uri\":\"dev.sessiongate.test:/oauth2redirect/x\"}", null));
		sandbox.expectInvalidRequest(
				sandbox.post("/auth/login/start", "{\"redirect_uri\":\"https://evil.example/cb\"}", null));
	}

	@Test
	void endWhenCallbackUrlIsAnotherRedirectUriThen400() {
		LoginSandbox.Started started = sandbox.startApp(null);
		String callback = sandbox.authorize(started.location())
			.replace(LoginSandbox.APP_REDIRECT, LoginSandbox.OTHER_APP_REDIRECT);

		expectNothingCreated(sandbox.endApp(callback, started.loginCookie()));
	}

	@Test
	void endWhenStartedInTheBrowserFlowThen400() {
		LoginSandbox.Started started = sandbox.startBrowser(null);
		String callback = sandbox.authorize(started.location());

		expectNothingCreated(sandbox.endApp(callback, started.loginCookie()));
	}

	@Test
	void endWhenNoLoginCookieThen400() {
		LoginSandbox.Started started = sandbox.startApp(null);

		expectNothingCreated(sandbox.endApp(sandbox.authorize(started.location()), null));
	}

	@Test
	void endWhenReplayedThen400() {
		LoginSandbox.Started started = sandbox.startApp(null);
		String callback = sandbox.authorize(started.location());
		sandbox.endApp(callback, started.loginCookie()).expectStatus().isOk();
		this.sessionsBefore = sandbox.sessionsCreated();

		expectNothingCreated(sandbox.endApp(callback, started.loginCookie()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "not json", "[]", "[\"callback_url\"]", "\"text\"", "42", "{\"callback_url\":42}",
			"{\"callback_url\":null}", "{}", "{\"callback_url\":\"\"}",
			"{\"callback_url\":\"dev.sessiongate.test:/oauth2redirect\"}",
			"{\"callback_url\":\"dev.sessiongate.test:/oauth2redirect?code=a&code=b&state=c\"}",
			"{\"callback_url\":\"dev.sessiongate.test:/oauth2redirect?code=%zz&state=c\"}", "{\"callback_url\":{}}" })
	void endWhenBodyMalformedThen400(String body) {
		LoginSandbox.Started started = sandbox.startApp(null);

		expectNothingCreated(sandbox.post("/auth/login/end", body, started.loginCookie()));
	}

	@Test
	void endWhenBodyOversizedThen413() {
		LoginSandbox.Started started = sandbox.startApp(null);
		String callback = sandbox.authorize(started.location());
		String oversized = "{\"callback_url\":\"" + callback + "\",\"padding\":\"" + "x".repeat(20_000) + "\"}";

		sandbox.expectError(sandbox.post("/auth/login/end", oversized, started.loginCookie()), 413,
				"request_too_large");
		assertThat(sandbox.sessionsCreated()).isEqualTo(this.sessionsBefore);
	}

	@Test
	void startWhenBodyOversizedThen413() {
		sandbox.expectError(sandbox.post("/auth/login/start", "{\"padding\":\"" + "x".repeat(20_000) + "\"}", null),
				413, "request_too_large");
	}

	@Test
	void startWhenCsrfHeaderMissingThen403() {
		sandbox.client()
			.post()
			.uri("/auth/login/start")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("csrf");
	}

	private void expectNothingCreated(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
		sandbox.expectInvalidRequest(response);
		assertThat(sandbox.sessionsCreated()).isEqualTo(this.sessionsBefore);
	}

}
