package dev.sessiongate.login;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionId;
import dev.sessiongate.session.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sandbox stack whose gateway knows its own callback URI, with the steps of both login
 * flows. The gateway listens on a port picked beforehand, since its redirect URI must name
 * it; should another process take the port first, the start is tried again on another.
 */
final class LoginSandbox implements AutoCloseable {

	static final String APP_REDIRECT = "dev.sessiongate.test:/oauth2redirect";

	static final String OTHER_APP_REDIRECT = "dev.sessiongate.test:/other";

	static final String LOGIN_COOKIE = "SG_LOGIN";

	private final SandboxStack stack;

	private final WebTestClient client;

	private final WebTestClient anywhere;

	private LoginSandbox(SandboxStack stack) {
		this.stack = stack;
		this.client = stack.client();
		this.anywhere = WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30)).build();
	}

	static LoginSandbox start() {
		return start(SandboxIdp.Settings.defaults(), null, properties -> {
		});
	}

	static LoginSandbox start(SandboxIdp.Settings settings, Clock clock, Consumer<Map<String, Object>> customizer) {
		return new LoginSandbox(SandboxStack.startOnKnownPort(settings, (port, properties) -> {
			properties.put("sessiongate.oidc.app-redirect-uris[0]", APP_REDIRECT);
			properties.put("sessiongate.oidc.app-redirect-uris[1]", OTHER_APP_REDIRECT);
			properties.put("sessiongate.oidc.post-logout-redirect-uri", "http://127.0.0.1:" + port + "/");
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

	String sessionCookieName() {
		return this.stack.cookieName();
	}

	double sessionsCreated() {
		return this.stack.gateway().bean(MeterRegistry.class).counter("sessiongate.sessions.started").count();
	}

	double counter(String name, String... tags) {
		return this.stack.gateway().bean(MeterRegistry.class).counter(name, tags).count();
	}

	/** The IdP session id ({@code sid}) of the session the cookie names, read from the store. */
	String sidOf(String sessionCookie) {
		MockServerHttpRequest request = MockServerHttpRequest.get("/")
			.cookie(new HttpCookie(sessionCookieName(), sessionCookie))
			.build();
		SessionId id = this.stack.gateway().bean(SessionCookie.class).read(request).orElseThrow();
		Session session = this.stack.gateway().bean(SessionStore.class).find(id).block(Duration.ofSeconds(10));
		assertThat(session).as("session").isNotNull();
		try {
			return JSONObjectUtils.getString(JSONObjectUtils.parse(session.claimsJson()), "sid");
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code GET /auth/login}: the IdP URL it redirects to and the login cookie it sets. */
	Started startBrowser(String returnTo) {
		String uri = (returnTo != null) ? "/auth/login?return_to={r}" : "/auth/login";
		EntityExchangeResult<byte[]> result = this.client.get()
			.uri(uri, returnTo)
			.exchange()
			.expectStatus()
			.isFound()
			.expectBody()
			.returnResult();
		return new Started(result.getResponseHeaders().getLocation(), loginCookie(result));
	}

	/** {@code POST /auth/login/start} with a JSON body (or none). */
	Started startApp(String body) {
		EntityExchangeResult<Map> result = post("/auth/login/start", body, null).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult();
		return new Started(URI.create((String) result.getResponseBody().get("authorization_url")),
				loginCookie(result));
	}

	/** Follows the authorization URL at the IdP, which signs in at once: the URL it redirects back to. */
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

	/** {@code GET /auth/callback} with the query the IdP sent, and the login cookie when given. */
	WebTestClient.ResponseSpec callback(String callbackUrl, String loginCookie) {
		URI callback = URI.create(callbackUrl);
		WebTestClient.RequestHeadersSpec<?> request = this.client.get()
			.uri(URI.create(this.stack.gateway().baseUrl() + callback.getRawPath() + "?" + callback.getRawQuery()));
		if (loginCookie != null) {
			request = request.cookie(LOGIN_COOKIE, loginCookie);
		}
		return request.exchange();
	}

	/** A POST with {@code X-CSRF: 1} and a JSON body. */
	WebTestClient.ResponseSpec post(String path, String body, String loginCookie) {
		WebTestClient.RequestBodySpec request = this.client.post().uri(path).header("X-CSRF", "1");
		if (loginCookie != null) {
			request = request.cookie(LOGIN_COOKIE, loginCookie);
		}
		if (body == null) {
			return request.exchange();
		}
		return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	WebTestClient.ResponseSpec endApp(String callbackUrl, String loginCookie) {
		return post("/auth/login/end", "{\"callback_url\":\"" + callbackUrl + "\"}", loginCookie);
	}

	/** A whole browser login: the session cookie's value. */
	String browserLogin() {
		Started started = startBrowser("/");
		return sessionCookie(callback(authorize(started.location()), started.loginCookie()).expectStatus()
			.isFound()
			.returnResult(Void.class));
	}

	/** A whole app login: the session cookie's value. */
	String appLogin() {
		Started started = startApp(null);
		return sessionCookie(endApp(authorize(started.location()), started.loginCookie()).expectStatus()
			.isOk()
			.returnResult(Void.class));
	}

	String sessionCookie(org.springframework.test.web.reactive.server.FluxExchangeResult<?> result) {
		ResponseCookie cookie = result.getResponseCookies().getFirst(sessionCookieName());
		assertThat(cookie).as("session cookie").isNotNull();
		return cookie.getValue();
	}

	/** The contract's 400: JSON {@code invalid_request}, and no session cookie set. */
	void expectInvalidRequest(WebTestClient.ResponseSpec response) {
		expectError(response, 400, "invalid_request");
	}

	/** A contract error answer: this status, JSON with this {@code error} and a message, and no session cookie set. */
	void expectError(WebTestClient.ResponseSpec response, int status, String error) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectCookie()
			.doesNotExist(sessionCookieName())
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo(error)
			.jsonPath("$.message")
			.isNotEmpty();
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

	/** A started login: where the user goes next and the login cookie's value. */
	record Started(URI location, String loginCookie) {
	}

}
