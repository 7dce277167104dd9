package dev.sessiongate.token.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.sessiongate.sandbox.ApiRequest;
import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import dev.sessiongate.sandbox.SandboxTokens;
import dev.sessiongate.sandbox.TokenFailure;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionId;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Transparent refresh (CONTRACT section 5, second half) through a real gateway against
 * the sandbox IdP, which rotates refresh tokens and revokes the whole family when one is
 * used twice, and a real Redis.
 */
class TokenRefreshIntegrationTests {

	private static final Duration IDP_LATENCY = Duration.ofMillis(300);

	private static SandboxStack stack;

	private static Burst burst;

	@BeforeAll
	static void start() {
		stack = SandboxStack.start(SandboxIdp.Settings.defaults(), properties -> {
			properties.put("sessiongate.oidc.response-timeout", "1s");
			properties.put("sessiongate.retry.max-body-size", "8KB");
			// Short, so the tests that wait out an IdP failure's backoff stay quick.
			properties.put("sessiongate.refresh.failure-backoff", "500ms");
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
		stack.idp().accessTokenLifetime(Duration.ofMinutes(5));
		stack.api().clearRequests();
		stack.api().openGate();
	}

	@Test
	void relayWhen200ConcurrentRequestsFindTheTokenExpiredThenOneRefreshServesThemAll() {
		SignedIn alice = signInExpired("alice");
		stack.idp().delayAllTokenRequests(IDP_LATENCY);
		try {
			List<Answer> answers = burst.fire(200, i -> get("/api/orders/" + i, alice));

			assertThat(answers).extracting(Answer::status).containsOnly(200);
			assertThat(stack.idp().refreshCount(alice.tokens().sid())).isEqualTo(1);
			assertThat(stack.idp().reuseDetections()).isZero();
			assertThat(stack.api().count401()).isZero();
			assertThat(answers.stream().map(answer -> answer.json().get("jti")).distinct()).hasSize(1);
		}
		finally {
			stack.idp().delayAllTokenRequests(Duration.ZERO);
		}
	}

	@Test
	void relayWhen50SessionsEachSend20ConcurrentRequestsAfterExpiryThenEachRefreshesOnce() {
		List<SignedIn> sessions = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			sessions.add(signInExpired("user-" + i));
		}
		int reusesBefore = stack.idp().reuseDetections();
		stack.idp().delayAllTokenRequests(Duration.ofMillis(100));
		try {
			List<Answer> answers = burst.fire(1000, i -> get("/api/orders", sessions.get(i % 50)));

			assertThat(answers).filteredOn(answer -> answer.status() != 200).extracting(Answer::body).isEmpty();
			for (SignedIn session : sessions) {
				assertThat(stack.idp().refreshCount(session.tokens().sid())).as(session.toString()).isEqualTo(1);
			}
			assertThat(stack.idp().reuseDetections()).isEqualTo(reusesBefore);
		}
		finally {
			stack.idp().delayAllTokenRequests(Duration.ZERO);
		}
	}

	@Test
	void relayWhenTokenExpiresWithinSkewThenRefreshesBeforeTheCall() {
		stack.idp().accessTokenLifetime(Duration.ofSeconds(20));
		SignedIn alice = stack.signIn("alice");
		stack.idp().accessTokenLifetime(Duration.ofMinutes(5));

		Answer answer = Burst.exchange(get("/api/me", alice)).block();

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("jti")).isNotEqualTo(SandboxStack.jti(alice.tokens().accessToken()));
		assertThat(stack.idp().refreshCount(alice.tokens().sid())).isEqualTo(1);
		assertThat(stack.api().count401()).isZero();
	}

	@Test
	void relayWhenUpstreamRejectsAnUnexpiredTokenThenRefreshesOnceAndReplaysEveryRequestWithItsBody() {
		SignedIn alice = stack.signIn("alice");
		stack.api().rejectToken(SandboxStack.jti(alice.tokens().accessToken()));
		// The refresh's answer waits until every request has had its 401: each then is replayed.
		Sinks.Empty<Void> idpAnswers = Sinks.empty();
		stack.idp().failNextTokenRequests(1, TokenFailure.answerWhen(idpAnswers.asMono()));
		Mono<List<Answer>> burstOf40 = Mono.fromCallable(() -> burst.fire(40, i -> (i % 2 == 0)
				? get("/api/items/" + i, alice)
				: post("/api/items", alice, "{\"item\":" + i + ",\"pad\":\"" + "x".repeat(i * 50) + "\"}")))
			.subscribeOn(Schedulers.boundedElastic())
			.cache();
		burstOf40.subscribe();
		await().atMost(Duration.ofSeconds(30)).until(() -> stack.api().count401() == 40);
		idpAnswers.tryEmitEmpty();

		List<Answer> answers = burstOf40.block(Duration.ofSeconds(60));

		assertThat(answers).extracting(Answer::status).containsOnly(200);
		assertThat(stack.idp().refreshCount(alice.tokens().sid())).isEqualTo(1);
		Map<String, List<ApiRequest>> postsByBody = stack.api()
			.requests()
			.stream()
			.filter(request -> request.method().equals("POST"))
			.collect(Collectors.groupingBy(ApiRequest::bodySha256));
		assertThat(postsByBody).hasSize(20);
		postsByBody.values().forEach(sent -> assertThat(sent).extracting(ApiRequest::status).containsExactly(401, 200));
		answers.stream()
			.filter(answer -> answer.json().get("method").equals("POST"))
			.forEach(answer -> assertThat(postsByBody).containsKey((String) answer.json().get("body_sha256")));
	}

	@Test
	void relayWhenTheRequestThatStartedTheRefreshIsCancelledThenTheOthersStillGetTheRefreshedToken() {
		SignedIn alice = signInExpired("alice");
		stack.idp().delayAllTokenRequests(Duration.ofMillis(800));
		try {
			int tokenRequestsBefore = stack.idp().tokenRequests();
			Disposable first = Burst.exchange(get("/api/first", alice)).subscribe();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> stack.idp().tokenRequests() == tokenRequestsBefore + 1);
			Mono<List<Answer>> others = Mono.fromCallable(() -> burst.fire(10, i -> get("/api/other/" + i, alice)));
			List<Answer> answers = others.doOnSubscribe(subscription -> first.dispose()).block();

			assertThat(answers).extracting(Answer::status).containsOnly(200);
			assertThat(stack.idp().refreshCount(alice.tokens().sid())).isEqualTo(1);
			assertThat(stack.idp().tokenRequests()).isEqualTo(tokenRequestsBefore + 1);
			assertThat(stack.api().requests()).noneMatch(request -> request.path().equals("/api/first"));
		}
		finally {
			stack.idp().delayAllTokenRequests(Duration.ZERO);
		}
	}

	@Test
	void relayWhenA401ArrivesForATokenAlreadyReplacedThenReplaysWithoutRefreshingAgain() {
		SignedIn alice = stack.signIn("alice");
		String firstJti = SandboxStack.jti(alice.tokens().accessToken());
		stack.api().closeGate();
		int arrivalsBefore = stack.api().gatedArrivals();
		Mono<Answer> late = Burst.exchange(get("/api/gated/late", alice)).cache();
		late.subscribe();
		// The late request is at the API with the first token before anything is rejected...
		await().atMost(Duration.ofSeconds(10)).until(() -> stack.api().gatedArrivals() == arrivalsBefore + 1);
		stack.api().rejectToken(firstJti);

		// ...and the API looks at that token only once another request has refreshed.
		Answer refreshing = Burst.exchange(get("/api/now", alice)).block(Duration.ofSeconds(10));
		stack.api().openGate();
		Answer answeredLate = late.block(Duration.ofSeconds(10));

		assertThat(refreshing.status()).isEqualTo(200);
		assertThat(answeredLate.status()).isEqualTo(200);
		assertThat(answeredLate.json().get("jti")).isEqualTo(refreshing.json().get("jti"));
		assertThat(stack.idp().refreshCount(alice.tokens().sid())).isEqualTo(1);
		assertThat(stack.api().requests()).filteredOn(request -> request.path().equals("/api/gated/late"))
			.extracting(ApiRequest::status)
			.containsExactly(401, 200);
	}

	@Test
	void relayWhenIdpSlowerThanTheTimeoutThen503AndTheSessionWorksOnceTheIdpRecovers() {
		SignedIn alice = signInExpired("alice");
		stack.idp().failNextTokenRequests(1, TokenFailure.delay(Duration.ofSeconds(3)));

		Answer during = Burst.exchange(get("/api/orders", alice)).block();
		int tokenRequestsAfterFailure = stack.idp().tokenRequests();
		Answer backingOff = Burst.exchange(get("/api/orders", alice)).block();
		Answer after = await().atMost(Duration.ofSeconds(10))
			.until(() -> Burst.exchange(get("/api/orders", alice)).block(), answer -> answer.status() == 200);

		assertThat(backingOff.status()).as("within the failure backoff: no new IdP attempt").isEqualTo(503);
		assertThat(stack.idp().tokenRequests() - tokenRequestsAfterFailure).isEqualTo(1);
		assertThat(during.status()).isEqualTo(503);
		assertThat(during.json()).containsEntry("error", "identity_provider_unavailable");
		assertThat(during.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(during.headers().get(HttpHeaders.SET_COOKIE)).isNull();
		assertThat(after.status()).isEqualTo(200);
		assertThat(stack.idp().reuseDetections()).isZero();
		assertThat(stack.idp().isFamilyRevoked(alice.tokens().sid())).isFalse();
	}

	@Test
	@SuppressWarnings("unchecked")
	void relayWhenIdpAnswersInvalidGrantThen401SessionExpiredAndTheSessionIsGone() {
		SignedIn alice = signInExpired("alice");
		stack.idp().failNextTokenRequests(1, TokenFailure.invalidGrant());
		ReactiveRedisTemplate<String, byte[]> redis = stack.gateway()
			.context()
			.getBean("sessionRedisTemplate", ReactiveRedisTemplate.class);

		Answer answer = Burst.exchange(get("/api/orders", alice)).block();
		Answer next = Burst.exchange(get("/api/orders", alice)).block();

		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json()).containsEntry("error", "session_expired");
		assertThat(answer.headers().getFirst(HttpHeaders.SET_COOKIE)).contains("Max-Age=0");
		assertThat(redis.hasKey(alice.id().key("s")).block()).isFalse();
		// A client that kept the cookie still learns why, for a while, on any instance.
		assertThat(next.status()).isEqualTo(401);
		assertThat(next.json()).containsEntry("error", "session_expired");
	}

	@Test
	void relayWhenIdpSaysInvalidGrantButAnotherInstanceStoredNewerTokensThenUsesThemAndKeepsTheSession() {
		SignedIn alice = signInExpired("alice");
		SessionStore store = stack.gateway().bean(SessionStore.class);
		SessionId id = alice.id();
		Session seen = store.find(id).block();
		stack.idp().delayAllTokenRequests(Duration.ofMillis(500));
		stack.idp().failNextTokenRequests(1, TokenFailure.invalidGrant());
		int tokenRequestsBefore = stack.idp().tokenRequests();
		try {
			Mono<Answer> call = Burst.exchange(get("/api/orders", alice)).cache();
			call.subscribe();
			await().atMost(Duration.ofSeconds(10)).until(() -> stack.idp().tokenRequests() > tokenRequestsBefore);
			// Meanwhile "another instance" refreshed (a stalled lease holder's worst case).
			SandboxTokens newer = stack.idp().issueTokens("alice");
			store.updateTokens(seen, new TokenSet(newer.accessToken(), Instant.now().plusSeconds(300),
					newer.refreshToken(), newer.idToken())).block();

			Answer answer = call.block(Duration.ofSeconds(10));

			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.json().get("jti")).isEqualTo(SandboxStack.jti(newer.accessToken()));
			assertThat(store.find(id).block()).isNotNull();
		}
		finally {
			stack.idp().delayAllTokenRequests(Duration.ZERO);
		}
	}

	@Test
	void relayWhenUpstreamRejectsAndTheIdpFailsThen503AndTheSessionIsKept() {
		SignedIn alice = stack.signIn("alice");
		stack.api().rejectToken(SandboxStack.jti(alice.tokens().accessToken()));
		stack.idp().failNextTokenRequests(1, TokenFailure.status(500));

		Answer answer = Burst.exchange(get("/api/orders", alice)).block(Duration.ofSeconds(20));

		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.json()).containsEntry("error", "identity_provider_unavailable");
		assertThat(stack.gateway().bean(SessionStore.class).find(alice.id()).block()).isNotNull();
	}

	@Test
	void relayWhenBodyExceedsTheReplayLimitThenItStreamsOnceAndTheUpstream401ReachesTheClient() {
		SignedIn alice = stack.signIn("alice");
		stack.api().rejectToken(SandboxStack.jti(alice.tokens().accessToken()));
		String large = "y".repeat(64 * 1024);

		Answer answer = Burst.exchange(post("/api/upload", alice, large)).block();

		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).contains("invalid_token");
		assertThat(stack.api().requests()).singleElement()
			.satisfies(request -> assertThat(request.bodyLength()).isEqualTo(large.length()));
		assertThat(stack.idp().refreshCount(alice.tokens().sid())).isZero();
	}

	@Test
	void relayWhenIdpAnswers502Or504Or503ThenNotRetriedSinceAProxyMayHaveForwardedTheGrant() {
		for (int status : new int[] { 502, 504, 503 }) {
			SignedIn alice = signInExpired("alice");
			stack.idp().failNextTokenRequests(1, TokenFailure.status(status));
			int tokenRequestsBefore = stack.idp().tokenRequests();

			Answer answer = Burst.exchange(get("/api/orders", alice)).block();

			assertThat(answer.status()).as("IdP %d", status).isEqualTo(503);
			assertThat(stack.idp().tokenRequests() - tokenRequestsBefore).as("IdP %d", status).isEqualTo(1);
		}
	}

	@Test
	void metricsWhenRefreshedAndReplayedThenPrometheusShowsTheContractsMeters() {
		SignedIn alice = stack.signIn("alice");
		stack.api().rejectToken(SandboxStack.jti(alice.tokens().accessToken()));
		Burst.exchange(get("/api/orders", alice)).block(Duration.ofSeconds(20));

		String metrics = WebClient.create("http://127.0.0.1:" + stack.gateway().managementPort())
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block();

		assertThat(metrics).contains("sessiongate_refresh_seconds_count{outcome=\"success\"}")
			.contains("sessiongate_refresh_joined_total")
			.contains("sessiongate_relay_replays_total")
			.contains("sessiongate_sessions_started_total");
	}

	private static SignedIn signInExpired(String subject) {
		stack.idp().accessTokenLifetime(Duration.ZERO);
		SignedIn signedIn = stack.signIn(subject);
		stack.idp().accessTokenLifetime(Duration.ofMinutes(5));
		return signedIn;
	}

	private static WebClient.RequestHeadersSpec<?> get(String path, SignedIn session) {
		return burst.client().get().uri(path).header(HttpHeaders.COOKIE, cookie(session));
	}

	private static WebClient.RequestHeadersSpec<?> post(String path, SignedIn session, String body) {
		return burst.client()
			.post()
			.uri(path)
			.header(HttpHeaders.COOKIE, cookie(session))
			.header("X-CSRF", "1")
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.bodyValue(body);
	}

	private static String cookie(SignedIn session) {
		return stack.cookieName() + "=" + session.cookie();
	}

}
