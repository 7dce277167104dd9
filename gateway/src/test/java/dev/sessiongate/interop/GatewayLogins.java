package dev.sessiongate.interop;

import java.net.URI;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.ExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both login flows through a {@link KeycloakStack}'s gateway, with the user signing in at
 * Keycloak's real login form in a fresh {@link KeycloakBrowser} each time (no SSO cookie
 * carried over, so every login is a new Keycloak session).
 */
final class GatewayLogins {

	private final KeycloakStack stack;

	private final WebTestClient client;

	GatewayLogins(KeycloakStack stack) {
		this.stack = stack;
		this.client = stack.client();
	}

	/** {@code GET /auth/login}, Keycloak's form, {@code GET /auth/callback}: the session cookie's value. */
	String browser() {
		ExchangeResult start = this.client.get()
			.uri("/auth/login?return_to=/auth/session")
			.exchange()
			.expectStatus()
			.isFound()
			.expectBody()
			.returnResult();
		String authorizationUrl = start.getResponseHeaders().getFirst("Location");
		assertThat(authorizationUrl).startsWith(this.stack.keycloak().issuer() + "/protocol/openid-connect/auth?");
		String callback = signIn(authorizationUrl);
		assertThat(callback).startsWith(this.stack.baseUrl() + "/auth/callback?");
		ExchangeResult end = this.client.get()
			.uri(URI.create(callback))
			.cookies(cookies -> start.getResponseCookies()
				.forEach((name, values) -> cookies.add(name, values.get(0).getValue())))
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location("/auth/session")
			.expectBody()
			.returnResult();
		return sessionCookie(end.getResponseCookies());
	}

	/** {@code POST /auth/login/start}, Keycloak's form, {@code POST /auth/login/end}: the session cookie's value. */
	String app() {
		ExchangeResult start = this.client.post()
			.uri("/auth/login/start")
			.header("X-CSRF", "1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult();
		String callback = signIn((String) json(start).get("authorization_url"));
		assertThat(callback).startsWith(InteropRealm.APP_REDIRECT_URI + "?");
		ExchangeResult end = this.client.post()
			.uri("/auth/login/end")
			.header("X-CSRF", "1")
			.cookies(cookies -> start.getResponseCookies()
				.forEach((name, values) -> cookies.add(name, values.get(0).getValue())))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSONObjectUtils.toJSONString(Map.of("callback_url", callback)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.authenticated")
			.isEqualTo(true)
			.returnResult();
		return sessionCookie(end.getResponseCookies());
	}

	private String signIn(String authorizationUrl) {
		return new KeycloakBrowser(this.stack.keycloak()).signIn(authorizationUrl, InteropRealm.USERNAME,
				InteropRealm.PASSWORD);
	}

	private String sessionCookie(MultiValueMap<String, ResponseCookie> cookies) {
		ResponseCookie cookie = cookies.getFirst(this.stack.cookieName());
		assertThat(cookie).as("session cookie").isNotNull();
		return cookie.getValue();
	}

	private static Map<String, Object> json(ExchangeResult result) {
		try {
			return JSONObjectUtils.parse(result.getResponseBodyContent() == null ? "{}"
					: new String(result.getResponseBodyContent(), java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException("not JSON", ex);
		}
	}

}
