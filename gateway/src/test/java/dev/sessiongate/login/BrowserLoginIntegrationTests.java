package dev.sessiongate.login;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.sessiongate.sandbox.IdTokenFlaw;
import dev.sessiongate.sandbox.MutableClock;
import dev.sessiongate.sandbox.SandboxIdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser login ({@code GET /auth/login}, {@code GET /auth/callback}) against the
 * sandbox IdP and a real Redis: the happy path, then every malformed, replayed or forged
 * answer, each a 400 {@code invalid_request} that creates no session.
 */
class BrowserLoginIntegrationTests {

	private static final MutableClock clock = MutableClock.startingNow();

	private static LoginSandbox sandbox;

	private double sessionsBefore;

	@BeforeAll
	static void start() {
		sandbox = LoginSandbox.start(SandboxIdp.Settings.defaults(), clock, properties -> {
		});
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
	void loginWhenIdpSignsInThenSessionCookieAndRedirectToReturnTo() {
		LoginSandbox.Started started = sandbox.startBrowser("/orders/7?tab=items");
		Map<String, String> query = query(started.location().toString());

		assertThat(started.location().toString()).startsWith(sandbox.idp().issuer() + "/authorize?");
		assertThat(query).containsEntry("response_type", "code")
			.containsEntry("client_id", "gateway")
			.containsEntry("code_challenge_method", "S256")
			.containsKeys("state", "nonce", "code_challenge")
			.containsEntry("redirect_uri", sandbox.stack().gateway().baseUrl() + "/auth/callback");
		FluxExchangeResult<Void> result = sandbox.callback(sandbox.authorize(started.location()), started.loginCookie())
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, "/orders/7?tab=items")
			.returnResult(Void.class);

		ResponseCookie session = result.getResponseCookies().getFirst(sandbox.sessionCookieName());
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getPath()).isEqualTo("/");
		assertThat(result.getResponseCookies().getFirst(LoginSandbox.LOGIN_COOKIE).getMaxAge()).isEqualTo(Duration.ZERO);
		assertThat(sandbox.sessionsCreated()).isEqualTo(this.sessionsBefore + 1);
		sandbox.client()
			.get()
			.uri("/auth/session")
			.cookie(sandbox.sessionCookieName(), session.getValue())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.authenticated")
			.isEqualTo(true)
			.jsonPath("$.subject")
			.isEqualTo("alice")
			.jsonPath("$.claims.email")
			.isEqualTo("alice@example.com")
			.jsonPath("$.claims.sid")
			.doesNotExist()
			.jsonPath("$.claims.nonce")
			.doesNotExist()
			.jsonPath("$.expires_at")
			.isNotEmpty();
	}

	@Test
	void loginWhenRepeatedThenEachLoginGetsANewCookieValue() {
		String first = sandbox.browserLogin();
		String second = sandbox.browserLogin();

		assertThat(second).isNotEqualTo(first);
	}

	@Test
	void loginWhenLoginCookieIssuedThenHttpOnlyAndShortLived() {
		sandbox.client()
			.get()
			.uri("/auth/login")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.value(HttpHeaders.SET_COOKIE, cookie -> assertThat(cookie).startsWith("SG_LOGIN=")
				.containsIgnoringCase("HttpOnly")
				.contains("Max-Age=600", "SameSite=Lax", "Path=/auth"));
	}

	@Test
	void callbackWhenStateMissingThen400() {
		LoginSandbox.Started started = sandbox.startBrowser(null);
		String callback = sandbox.authorize(started.location()).replaceAll("[&?]state=[^&]*", "");

		expectNothingCreated(sandbox.callback(callback, started.loginCookie()));
	}

	@Test
	void callbackWhenStateUnknownThen400() {
		LoginSandbox.Started started = sandbox.startBrowser(null);
		String callback = sandbox.authorize(started.location()).replaceAll("state=[^&]*", "state=unknown");

		expectNothingCreated(sandbox.callback(callback, started.loginCookie()));
	}

	@Test
	void callbackWhenStateExpiredThen400() {
		LoginSandbox.Started started = sandbox.startBrowser(null);
		String callback = sandbox.authorize(started.location());

		clock.advance(Duration.ofMinutes(11));
		try {
			expectNothingCreated(sandbox.callback(callback, started.loginCookie()));
		}
		finally {
			clock.advance(Duration.ofMinutes(-11));
		}
	}

	@Test
	void callbackWhenStateReplayedThen400() {
		LoginSandbox.Started started = sandbox.startBrowser(null);
		String callback = sandbox.authorize(started.location());
		sandbox.callback(callback, started.loginCookie()).expectStatus().isFound();
		this.sessionsBefore = sandbox.sessionsCreated();

		expectNothingCreated(sandbox.callback(callback, started.loginCookie()));
	}

	@Test
	void callbackWhenNoLoginCookieThen400() {
		LoginSandbox.Started started = sandbox.startBrowser(null);

		expectNothingCreated(sandbox.callback(sandbox.authorize(started.location()), null));
	}

	@Test
	void callbackWhenAnotherLoginsCookieThen400() {
		LoginSandbox.Started victim = sandbox.startBrowser(null);
		LoginSandbox.Started other = sandbox.startBrowser(null);

		expectNothingCreated(sandbox.callback(sandbox.authorize(victim.location()), other.loginCookie()));
	}

	@Test
	void callbackWhenAuthorizationCodeReusedThen400() {
		LoginSandbox.Started first = sandbox.startBrowser(null);
		String used = sandbox.authorize(first.location());
		sandbox.callback(used, first.loginCookie()).expectStatus().isFound();
		this.sessionsBefore = sandbox.sessionsCreated();
		LoginSandbox.Started second = sandbox.startBrowser(null);
		String fresh = sandbox.authorize(second.location());
		String code = query(used).get("code");

		expectNothingCreated(sandbox.callback(fresh.replaceAll("code=[^&]*", "code=" + code), second.loginCookie()));
	}

	@Test
	void callbackWhenIdpAnswersWithErrorThen400() {
		LoginSandbox.Started started = sandbox.startBrowser(null);
		String state = query(started.location().toString()).get("state");

		expectNothingCreated(sandbox.callback("/auth/callback?error=access_denied&state=" + state, started.loginCookie()));
	}

	@ParameterizedTest
	@EnumSource(value = IdTokenFlaw.class)
	void callbackWhenIdTokenFlawedThen400(IdTokenFlaw flaw) {
		LoginSandbox.Started started = sandbox.startBrowser(null);
		String callback = sandbox.authorize(started.location());
		sandbox.idp().nextIdTokenFlaw(flaw);

		expectNothingCreated(sandbox.callback(callback, started.loginCookie()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example",
			"https://evil.example/", "http:evil.example", "evil.example", "javascript:alert(1)", "/%2F%2Fevil.example",
			"/%2f%2fevil.example", "%2F%2Fevil.example", "/%5Cevil.example", "/%5cevil.example", "/a%5Cb",
			"/%252F%252Fevil.example", "/\tevil", "/%09/evil.example", "/%0d%0aSet-Cookie:x=y", "/ evil", "/\u0000" })
	void loginWhenReturnToLeavesTheSiteThen400(String returnTo) {
		expectNothingCreated(sandbox.client().get().uri("/auth/login?return_to={r}", returnTo).exchange());
	}

	private void expectNothingCreated(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
		sandbox.expectInvalidRequest(response);
		assertThat(sandbox.sessionsCreated()).isEqualTo(this.sessionsBefore);
	}

	private static Map<String, String> query(String url) {
		Map<String, String> query = new java.util.LinkedHashMap<>();
		UriComponentsBuilder.fromUri(URI.create(url))
			.build()
			.getQueryParams()
			.toSingleValueMap()
			.forEach((name, value) -> query.put(name, URLDecoder.decode(value, StandardCharsets.UTF_8)));
		return query;
	}

}
