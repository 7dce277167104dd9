package dev.sessiongate.relay;

import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's first half (CONTRACT section 5) through a real gateway, sandbox IdP and
 * API, and Redis: what goes upstream, and the 401 for requests without a live session.
 */
class SessionTokenRelayIntegrationTests {

	private static SandboxStack stack;

	private static WebTestClient client;

	@BeforeAll
	static void start() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		int unreachable = closedPort;
		stack = SandboxStack.start(SandboxIdp.Settings.defaults(), properties -> {
			properties.put("spring.cloud.gateway.server.webflux.routes[1].id", "down");
			properties.put("spring.cloud.gateway.server.webflux.routes[1].uri", "http://127.0.0.1:" + unreachable);
			properties.put("spring.cloud.gateway.server.webflux.routes[1].predicates[0]", "Path=/down/**");
			properties.put("spring.cloud.gateway.server.webflux.routes[1].filters[0]", "SessionTokenRelay");
			// An API that never answers (the sandbox's gated path, held closed), with a short response timeout.
			properties.put("spring.cloud.gateway.server.webflux.routes[2].id", "silent");
			properties.put("spring.cloud.gateway.server.webflux.routes[2].uri",
					properties.get("spring.cloud.gateway.server.webflux.routes[0].uri"));
			properties.put("spring.cloud.gateway.server.webflux.routes[2].predicates[0]", "Path=/silent/**");
			properties.put("spring.cloud.gateway.server.webflux.routes[2].filters[0]", "SessionTokenRelay");
			properties.put("spring.cloud.gateway.server.webflux.routes[2].filters[1]",
					"RewritePath=/silent/(?<rest>.*), /api/gated/${rest}");
			properties.put("spring.cloud.gateway.server.webflux.routes[2].metadata.response-timeout", 500);
		}, null);
		client = stack.client();
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@Test
	void relayWhenSessionLiveThenUpstreamGetsTheSessionsBearer() {
		SignedIn alice = stack.signIn("alice");

		Map<String, Object> echo = get("/api/orders/7", alice.cookie(), null);

		assertThat(echo).containsEntry("method", "GET")
			.containsEntry("path", "/api/orders/7")
			.containsEntry("sub", "alice")
			.containsEntry("jti", SandboxStack.jti(alice.tokens().accessToken()))
			.containsEntry("authorization_scheme", "Bearer");
	}

	@Test
	void relayWhenOtherCookiesSentThenOnlyTheSessionCookieIsStripped() {
		SignedIn alice = stack.signIn("alice");

		Map<String, Object> echo = client.get()
			.uri("/api/cookies")
			.header(HttpHeaders.COOKIE, "theme=dark; " + stack.cookieName() + "=" + alice.cookie() + "; lang=en")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();

		assertThat(echo.get("cookie")).isEqualTo("theme=dark; lang=en");
	}

	@Test
	void relayWhenOnlyTheSessionCookieSentThenNoCookieHeaderGoesUpstream() {
		SignedIn alice = stack.signIn("alice");

		Map<String, Object> echo = get("/api/cookies", alice.cookie(), null);

		assertThat(echo.get("cookie")).isNull();
	}

	@Test
	void relayWhenClientSendsAuthorizationThenItIsReplacedByTheSessionsToken() {
		SignedIn alice = stack.signIn("alice");
		SignedIn mallory = stack.signIn("mallory");

		Map<String, Object> echo = get("/api/me", alice.cookie(), "Bearer " + mallory.tokens().accessToken());

		assertThat(echo).containsEntry("sub", "alice")
			.containsEntry("jti", SandboxStack.jti(alice.tokens().accessToken()));
	}

	@Test
	void relayWhenPostCarriesCsrfHeaderThenBodyReachesUpstream() {
		SignedIn alice = stack.signIn("alice");

		Map<String, Object> echo = client.post()
			.uri("/api/orders")
			.cookie(stack.cookieName(), alice.cookie())
			.header("X-CSRF", "1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"item\":42}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();

		assertThat(echo).containsEntry("method", "POST").containsEntry("body_length", 11);
	}

	@Test
	void relayWhenUnsafeMethodLacksCsrfHeaderThen403AndSessionKept() {
		SignedIn alice = stack.signIn("alice");

		client.post()
			.uri("/api/orders")
			.cookie(stack.cookieName(), alice.cookie())
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("csrf");
		get("/api/orders", alice.cookie(), null);
	}

	@Test
	void relayWhenNoCookieThen401UnauthenticatedWithCookieCleared() {
		expectUnauthenticated(client.get().uri("/api/orders").exchange());
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-a-session", "!!!!", "0123456789012345678901234567890123456789012345",
			"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA*" })
	void relayWhenCookieMalformedThen401Unauthenticated(String value) {
		expectUnauthenticated(client.get().uri("/api/orders").cookie(stack.cookieName(), value).exchange());
	}

	@Test
	void relayWhenCookieWellFormedButUnknownThen401Unauthenticated() {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String unknown = Base64.getUrlEncoder().withoutPadding().encodeToString(random);

		expectUnauthenticated(client.get().uri("/api/unknown-session").cookie(stack.cookieName(), unknown).exchange());
		assertThat(stack.api().requests()).noneMatch(request -> request.path().equals("/api/unknown-session"));
	}

	@Test
	void relayWhenUpstreamUnreachableThen502BadGatewayAndSessionKept() {
		SignedIn alice = stack.signIn("alice");

		client.get()
			.uri("/down/orders")
			.cookie(stack.cookieName(), alice.cookie())
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("bad_gateway");
		get("/api/orders", alice.cookie(), null);
	}

	@Test
	void relayWhenTheUpstreamNeverAnswersThen502JsonAndTheSessionKept() {
		SignedIn alice = stack.signIn("alice");
		stack.api().closeGate();
		try {
			client.get()
				.uri("/silent/orders")
				.cookie(stack.cookieName(), alice.cookie())
				.exchange()
				.expectStatus()
				.isEqualTo(502)
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectBody()
				.jsonPath("$.error")
				.isEqualTo("bad_gateway");
		}
		finally {
			stack.api().openGate();
		}
		get("/api/orders", alice.cookie(), null);
	}

	private static void expectUnauthenticated(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectHeader()
			.value(HttpHeaders.SET_COOKIE, setCookie -> assertThat(setCookie).startsWith(stack.cookieName() + "=;")
				.contains("Max-Age=0"))
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unauthenticated")
			.jsonPath("$.message")
			.isNotEmpty();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> get(String path, String cookie, String authorization) {
		return client.get()
			.uri(path)
			.cookie(stack.cookieName(), cookie)
			.headers(headers -> {
				if (authorization != null) {
					headers.set(HttpHeaders.AUTHORIZATION, authorization);
				}
			})
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

}
