package dev.sessiongate.token.refresh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.MutableClock;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import dev.sessiongate.sandbox.SandboxTokens;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenSet;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refreshes after an upstream 401 (CONTRACT section 5), issue 9's fifth and seventh requirements: an API that
 * refuses every token costs at most one refresh per session per {@code min-token-age}; a session without a
 * refresh token passes the 401 through and is kept; a request that joins a refresh started for another
 * reason checks its own token on the result.
 */
class RefreshOn401IntegrationTests {

	private static final MutableClock clock = MutableClock.startingNow();

	private static SandboxStack stack;

	private static Burst burst;

	@BeforeAll
	static void start() {
		stack = SandboxStack.start(SandboxIdp.Settings.defaults(), properties -> {
			properties.put("sessiongate.refresh.min-token-age", "10s");
			properties.put("sessiongate.refresh.lease-poll-interval", "50ms");
		}, clock);
		burst = new Burst(stack.gateway().baseUrl());
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@BeforeEach
	void reset() {
		stack.api().openGate();
	}

	@Test
	void relayWhenTheUpstreamAlwaysAnswers401ThenAtMostOneRefreshPerMinTokenAge() {
		SignedIn alice = stack.signIn("alice");
		List<Answer> answers = new ArrayList<>();

		for (int i = 0; i < 100; i++) {
			answers.add(get("/api/status/401", alice).block(Duration.ofSeconds(10)));
		}
		int refreshesWithin = stack.idp().refreshCount(alice.tokens().sid());
		clock.advance(Duration.ofSeconds(11));
		Answer afterMinTokenAge = get("/api/status/401", alice).block(Duration.ofSeconds(10));

		assertThat(answers).extracting(Answer::status).containsOnly(401);
		assertThat(answers).allSatisfy(answer -> assertThat(answer.json()).containsEntry("path", "/api/status/401"));
		assertThat(refreshesWithin).isEqualTo(1);
		assertThat(afterMinTokenAge.status()).isEqualTo(401);
		assertThat(stack.idp().refreshCount(alice.tokens().sid())).isEqualTo(2);
	}

	@Test
	void relayWhenASessionWithoutRefreshTokenGetsA401ThenItPassesThroughAndTheSessionIsKept() {
		SandboxTokens tokens = stack.idp().issueTokens("carol");
		SessionCookie.Issued issued = stack.gateway().bean(SessionCookie.class).issue();
		stack.gateway()
			.bean(SessionStore.class)
			.create(issued.id(), "carol", "{}", new TokenSet(tokens.accessToken(), clock.instant().plusSeconds(300),
					null, tokens.idToken()))
			.block(Duration.ofSeconds(10));
		SignedIn carol = new SignedIn(issued.cookie().getValue(), issued.id(), tokens);

		Answer rejected = get("/api/status/401", carol).block(Duration.ofSeconds(10));
		Answer next = get("/api/orders", carol).block(Duration.ofSeconds(10));

		assertThat(rejected.status()).isEqualTo(401);
		assertThat(rejected.json()).containsEntry("path", "/api/status/401");
		assertThat(rejected.headers().get(HttpHeaders.SET_COOKIE)).isNull();
		assertThat(next.status()).isEqualTo(200);
	}

	@Test
	@SuppressWarnings("unchecked")
	void relayWhenARequestJoinsARefreshStartedForAStale401ThenItRefreshesOnceMoreForItsOwnToken() {
		SignedIn alice = stack.signIn("alice");
		SessionStore store = stack.gateway().bean(SessionStore.class);
		ReactiveRedisTemplate<String, byte[]> redis = stack.gateway()
			.context()
			.getBean("sessionRedisTemplate", ReactiveRedisTemplate.class);
		// X leaves with the login's token T0 and is held at the API.
		stack.api().closeGate();
		int arrivals = stack.api().gatedArrivals();
		Mono<Answer> x = get("/api/gated/x", alice).cache();
		x.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> stack.api().gatedArrivals() == arrivals + 1);
		// Meanwhile the session moved on to T1 (another instance refreshed), old enough to refresh again.
		SandboxTokens t1 = stack.idp().issueTokens("alice");
		Session v1 = store.find(alice.id()).block();
		store.updateTokens(v1, new TokenSet(t1.accessToken(), clock.instant().plusSeconds(300), t1.refreshToken(),
				t1.idToken()))
			.block();
		clock.advance(Duration.ofSeconds(11));
		stack.api().rejectToken(SandboxStack.jti(alice.tokens().accessToken()));
		stack.api().rejectToken(SandboxStack.jti(t1.accessToken()));
		// Another instance holds the lease, so X's refresh (for its stale 401) waits in flight.
		redis.opsForValue()
			.set(alice.id().key("lease"), "another-instance".getBytes(), Duration.ofSeconds(30))
			.block();
		InFlightRefreshes inFlight = stack.gateway().bean(InFlightRefreshes.class);
		stack.api().openGate();
		await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.size() == 1);
		// Y is refused with T1 and joins X's refresh.
		double joinedBefore = joined();
		Mono<Answer> y = get("/api/y", alice).cache();
		y.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> joined() > joinedBefore);
		redis.delete(alice.id().key("lease")).block();

		Answer answer = y.block(Duration.ofSeconds(20));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("jti")).isNotIn(SandboxStack.jti(alice.tokens().accessToken()),
				SandboxStack.jti(t1.accessToken()));
		assertThat(stack.idp().refreshCount(t1.sid())).isEqualTo(1);
		assertThat(stack.idp().refreshCount(alice.tokens().sid())).isZero();
		assertThat(x.block(Duration.ofSeconds(20))).isNotNull();
	}

	private static double joined() {
		return stack.gateway().bean(MeterRegistry.class).counter(GatewayMeters.REFRESH_JOINED).count();
	}

	private static Mono<Answer> get(String path, SignedIn session) {
		return Burst.exchange(
				burst.client().get().uri(path).header(HttpHeaders.COOKIE, stack.cookieName() + "=" + session.cookie()));
	}

}
