package dev.sessiongate.relay;

import java.time.Duration;

import dev.sessiongate.sandbox.MutableClock;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle and absolute timeouts as a client meets them through the relay: the gateway's clock
 * is moved instead of waiting, and an outlived session answers 401 {@code unauthenticated}
 * with the cookie cleared.
 */
class SessionExpiryIntegrationTests {

	private static final MutableClock clock = MutableClock.startingNow();

	private static SandboxStack stack;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		stack = SandboxStack.start(SandboxIdp.Settings.defaults().withAccessTokenLifetime(Duration.ofDays(1)),
				properties -> {
					properties.put("sessiongate.session.idle-timeout", "30m");
					properties.put("sessiongate.session.absolute-timeout", "2h");
				}, clock);
		client = stack.client();
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@Test
	void relayWhenIdleLongerThanTheIdleTimeoutThen401UnauthenticatedWithCookieCleared() {
		SignedIn alice = stack.signIn("alice");
		expectStatus(alice, 200);

		clock.advance(Duration.ofMinutes(31));

		expectUnauthenticated(alice);
	}

	@Test
	void relayWhenUsedPastTheAbsoluteTimeoutThen401EvenThoughNeverIdle() {
		SignedIn alice = stack.signIn("alice");
		for (int i = 0; i < 5; i++) {
			clock.advance(Duration.ofMinutes(20));
			expectStatus(alice, 200);
		}

		clock.advance(Duration.ofMinutes(21));

		expectUnauthenticated(alice);
	}

	private static void expectStatus(SignedIn session, int status) {
		client.get()
			.uri("/api/orders")
			.cookie(stack.cookieName(), session.cookie())
			.exchange()
			.expectStatus()
			.isEqualTo(status);
	}

	private static void expectUnauthenticated(SignedIn session) {
		client.get()
			.uri("/api/orders")
			.cookie(stack.cookieName(), session.cookie())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectHeader()
			.value(HttpHeaders.SET_COOKIE, setCookie -> assertThat(setCookie).contains("Max-Age=0"))
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unauthenticated");
	}

}
