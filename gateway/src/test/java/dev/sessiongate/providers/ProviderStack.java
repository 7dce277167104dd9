package dev.sessiongate.providers;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sandbox stack for one kind of provider, with both login flows as a client runs them. The gateway listens on a
 * port picked beforehand, since its browser redirect URI names it.
 */
final class ProviderStack implements AutoCloseable {

	static final String APP_REDIRECT = "dev.sessiongate.test:/oauth2redirect";

	private static final String LOGIN_COOKIE = "SG_LOGIN";

	private final SandboxStack stack;

	private final WebTestClient client;

	private final WebTestClient anywhere = WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30)).build();

	private ProviderStack(SandboxStack stack) {
		this.stack = stack;
		this.client = stack.client();
	}

	static ProviderStack start(SandboxIdp.Settings idp, Map<String, Object> gateway, @Nullable Clock clock) {
		return start(idp, properties -> properties.putAll(gateway), clock);
	}

	static ProviderStack start(SandboxIdp.Settings idp, Consumer<Map<String, Object>> customizer,
			@Nullable Clock clock) {
		return new ProviderStack(SandboxStack.startOnKnownPort(idp, (port, properties) -> {
			properties.put("sessiongate.oidc.app-redirect-uris[0]", APP_REDIRECT);
			customizer.accept(properties);
		}, clock));
	}

	SandboxStack stack() {
		return this.stack;
	}

	SandboxIdp idp() {
		return this.stack.idp();
	}

	WebTestClient client() {
		return this.client;
	}

	String cookieName() {
		return this.stack.cookieName();
	}

	/** {@code GET /auth/login}, the IdP, {@code GET /auth/callback}: the answer to the callback. */
	WebTestClient.ResponseSpec browserLogin() {
		EntityExchangeResult<byte[]> start = this.client.get()
			.uri("/auth/login?return_to=/auth/session")
			.exchange()
			.expectStatus()
			.isFound()
			.expectBody()
			.returnResult();
		URI callback = URI.create(authorize(start.getResponseHeaders().getLocation()));
		return this.client.get()
			.uri(URI.create(this.stack.gateway().baseUrl() + callback.getRawPath() + "?" + callback.getRawQuery()))
			.cookie(LOGIN_COOKIE, loginCookie(start))
			.exchange();
	}

	/** {@code POST /auth/login/start}, the IdP, {@code POST /auth/login/end}: the answer to the end. */
	WebTestClient.ResponseSpec appLogin() {
		EntityExchangeResult<Map> start = this.client.post()
			.uri("/auth/login/start")
			.header("X-CSRF", "1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult();
		String callback = authorize(URI.create((String) start.getResponseBody().get("authorization_url")));
		return this.client.post()
			.uri("/auth/login/end")
			.header("X-CSRF", "1")
			.cookie(LOGIN_COOKIE, loginCookie(start))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("callback_url", callback))
			.exchange();
	}

	/** The session cookie a successful login answer set. */
	String sessionCookie(WebTestClient.ResponseSpec login) {
		ResponseCookie cookie = login.returnResult(Void.class).getResponseCookies().getFirst(cookieName());
		assertThat(cookie).as("session cookie").isNotNull();
		return cookie.getValue();
	}

	/** Follows an authorization URL at the IdP, which signs in at once: where it redirects back to. */
	String authorize(URI authorizationUrl) {
		String location = this.anywhere.get()
			.uri(authorizationUrl)
			.exchange()
			.expectStatus()
			.isFound()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getFirst(HttpHeaders.LOCATION);
		assertThat(location).isNotNull();
		return location;
	}

	/** A contract error answer: this status and JSON {@code error}, and no session cookie. */
	void expectError(WebTestClient.ResponseSpec response, int status, String error) {
		response.expectStatus()
			.isEqualTo(status)
			.expectCookie()
			.doesNotExist(cookieName())
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo(error);
	}

	private static String loginCookie(EntityExchangeResult<?> result) {
		ResponseCookie cookie = result.getResponseCookies().getFirst(LOGIN_COOKIE);
		assertThat(cookie).as("login cookie").isNotNull();
		return cookie.getValue();
	}

	@Override
	public void close() {
		this.stack.close();
	}

}
