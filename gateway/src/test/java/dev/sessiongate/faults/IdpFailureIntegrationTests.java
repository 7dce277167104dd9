package dev.sessiongate.faults;

import java.time.Duration;
import java.util.stream.Stream;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import dev.sessiongate.sandbox.TokenFailure;
import dev.sessiongate.session.SessionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, third and sixth requirements, against the sandbox IdP over real HTTP: every way a token endpoint
 * can fail answers {@code 503 identity_provider_unavailable} with {@code Retry-After}, keeps the session, is
 * sent once (none of these may be retried: the IdP may have rotated), and the session recovers without a
 * restart once the IdP does. While a session's IdP failure is fresh, its requests do not try again.
 */
class IdpFailureIntegrationTests {

	private static final Duration BACKOFF = Duration.ofMillis(500);

	private static SandboxStack stack;

	private static Burst burst;

	@BeforeAll
	static void start() {
		stack = SandboxStack.start(SandboxIdp.Settings.defaults(), properties -> {
			properties.put("sessiongate.oidc.response-timeout", "1s");
			properties.put("sessiongate.refresh.timeout", "3s");
			properties.put("sessiongate.refresh.failure-backoff", BACKOFF.toMillis() + "ms");
		}, null);
		burst = new Burst(stack.gateway().baseUrl());
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@BeforeEach
	void reset() {
		stack.idp().clearFailures();
	}

	static Stream<Arguments> failures() {
		return Stream.of(Arguments.of("500", TokenFailure.status(500)),
				Arguments.of("502 with an HTML page", TokenFailure.html(502)),
				Arguments.of("200 with garbage", TokenFailure.garbage()),
				Arguments.of("200 with truncated JSON", TokenFailure.truncatedJson()),
				Arguments.of("a reset connection", TokenFailure.dropConnection()),
				Arguments.of("a delay past every timeout", TokenFailure.delay(Duration.ofSeconds(5))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void relayWhenTheIdpFailsThen503WithRetryAfterTheSessionKeptAndItRecovers(String name, TokenFailure failure) {
		SignedIn alice = signIn("alice", Duration.ZERO);
		stack.idp().failNextTokenRequests(1, failure);
		int tokenRequestsBefore = stack.idp().tokenRequests();

		Answer during = get(alice);
		int sentDuringFailure = stack.idp().tokenRequests() - tokenRequestsBefore;
		Answer recovered = await().atMost(Duration.ofSeconds(15))
			.until(() -> get(alice), answer -> answer.status() == 200);

		assertThat(during.status()).isEqualTo(503);
		assertThat(during.json()).containsEntry("error", "identity_provider_unavailable");
		assertThat(during.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(during.headers().get(HttpHeaders.SET_COOKIE)).isNull();
		assertThat(sentDuringFailure).as("token requests for the failed refresh").isEqualTo(1);
		assertThat(recovered.json().get("jti")).isNotEqualTo(SandboxStack.jti(alice.tokens().accessToken()));
		assertThat(stack.idp().refreshCount(alice.tokens().sid())).isEqualTo(1);
		assertThat(stack.idp().reuseDetections()).isZero();
	}

	@Test
	void relayWhileASessionsIdpFailureIsFreshThenItsRequestsAnswerAtOnceWithoutAskingTheIdp() {
		SignedIn alice = signIn("alice", Duration.ZERO);
		stack.idp().failNextTokenRequests(1, TokenFailure.status(500));
		get(alice);
		int tokenRequestsAfterFailure = stack.idp().tokenRequests();

		Answer[] backingOff = { get(alice), get(alice), get(alice) };

		assertThat(backingOff).extracting(Answer::status).containsOnly(503);
		assertThat(stack.idp().tokenRequests()).isEqualTo(tokenRequestsAfterFailure);
		assertThat(stack.gateway().bean(SessionStore.class).find(alice.id()).block()).isNotNull();
	}

	@Test
	void relayWhenAProactiveRefreshFailsWhileTheTokenIsValidThenTheCurrentTokenIsRelayed() {
		SignedIn alice = signIn("alice", Duration.ofSeconds(20));
		stack.idp().failNextTokenRequests(1, TokenFailure.status(500));

		Answer answer = get(alice);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("jti")).isEqualTo(SandboxStack.jti(alice.tokens().accessToken()));
	}

	@Test
	void relayWhenARelayedExpiringTokenIsRefusedWhileTheIdpFailsThen503NotTheUpstreams401() {
		SignedIn alice = signIn("alice", Duration.ZERO);
		// The first request refreshes: tokens just obtained (young), and already within the 30 s skew.
		stack.idp().accessTokenLifetime(Duration.ofSeconds(20));
		String young = (String) get(alice).json().get("jti");
		stack.idp().accessTokenLifetime(Duration.ofMinutes(5));
		stack.idp().failNextTokenRequests(1, TokenFailure.status(500));
		stack.api().rejectToken(young);

		Answer answer = get(alice);

		// The proactive refresh failed, the still-valid token went upstream and was refused: an expiring
		// token explains a 401, so it is not passed through as a young token's would be.
		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.json()).containsEntry("error", "identity_provider_unavailable");
	}

	private static SignedIn signIn(String subject, Duration lifetime) {
		stack.idp().accessTokenLifetime(lifetime);
		SignedIn signedIn = stack.signIn(subject);
		stack.idp().accessTokenLifetime(Duration.ofMinutes(5));
		return signedIn;
	}

	private static Answer get(SignedIn session) {
		return Burst
			.exchange(burst.client()
				.get()
				.uri("/api/orders")
				.header(HttpHeaders.COOKIE, stack.cookieName() + "=" + session.cookie()))
			.block(Duration.ofSeconds(30));
	}

}
