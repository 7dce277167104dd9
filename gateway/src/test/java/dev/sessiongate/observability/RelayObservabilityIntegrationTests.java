package dev.sessiongate.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.PrometheusScrape;
import dev.sessiongate.sandbox.SandboxGateway;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import dev.sessiongate.sandbox.TokenFailure;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract's metrics (section 7) and trace propagation (section 8) through a real
 * gateway, sandbox IdP and API and Redis, read the way an operator reads them: from
 * {@code /actuator/prometheus} on the management port, and from what the upstream received.
 */
class RelayObservabilityIntegrationTests {

	private static final int STORM = 20;

	private static final String CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";

	private static final String CLIENT_SPAN = "b7ad6b7169203331";

	private static final LookupSpans LOOKUP_SPANS = new LookupSpans();

	private static SandboxStack stack;

	private static Burst burst;

	/** A second instance with the near cache off, so that every lookup reads Redis. */
	private static SandboxGateway uncached;

	@BeforeAll
	static void start() {
		stack = SandboxStack.start();
		burst = new Burst(stack.gateway().baseUrl());
		stack.gateway().bean(ObservationRegistry.class).observationConfig().observationHandler(LOOKUP_SPANS);
		uncached = stack.startAnotherGateway(
				properties -> properties.put("sessiongate.session.near-cache.enabled", "false"), null);
	}

	@AfterAll
	static void stop() {
		uncached.close();
		stack.close();
	}

	@Test
	void metricsWhenAStormFindsTheTokenExpiredThenOneRefreshSucceedsAndEveryOtherRequestJoinsIt() {
		SignedIn alice = stack.signInExpired("alice");
		PrometheusScrape before = scrape();
		Sinks.Empty<Void> release = Sinks.empty();
		stack.idp().failNextTokenRequests(1, TokenFailure.heldUntil(release.asMono()));

		Mono<List<Answer>> storm = Mono.fromCallable(() -> burst.fire(STORM, i -> get("/api/orders/" + i, alice)))
			.subscribeOn(Schedulers.boundedElastic())
			.cache();
		storm.subscribe();
		// The IdP holds the refresh until every other request of the storm has joined it.
		await().atMost(Duration.ofSeconds(60))
			.until(() -> scrape().increaseSince(before, "sessiongate_refresh_joined_total") == STORM - 1);
		release.tryEmitEmpty();
		List<Answer> answers = storm.block(Duration.ofSeconds(60));
		PrometheusScrape after = scrape();

		assertThat(answers).extracting(Answer::status).containsOnly(200);
		assertThat(after.increaseSince(before, "sessiongate_refresh_seconds_count", "outcome", "success")).isEqualTo(1);
		assertThat(after.increaseSince(before, "sessiongate_refresh_joined_total")).isEqualTo(STORM - 1);
		assertThat(after.increaseSince(before, "sessiongate_idp_requests_seconds_count", "endpoint", "token", "outcome",
				"SUCCESS"))
			.isEqualTo(1);
	}

	@Test
	void metricsWhenTheUpstreamRejectsTheTokenThenOneReplayIsCounted() {
		SignedIn alice = stack.signIn("alice");
		stack.api().rejectToken(SandboxStack.jti(alice.tokens().accessToken()));
		PrometheusScrape before = scrape();

		Answer answer = Burst.exchange(get("/api/orders", alice)).block(Duration.ofSeconds(30));
		PrometheusScrape after = scrape();

		assertThat(answer.status()).isEqualTo(200);
		assertThat(after.increaseSince(before, "sessiongate_relay_replays_total")).isEqualTo(1);
		assertThat(after.increaseSince(before, "sessiongate_refresh_seconds_count", "outcome", "success")).isEqualTo(1);
	}

	@Test
	void metricsWhenAnErrorIsAnsweredThenItIsCountedByItsContractCode() {
		PrometheusScrape before = scrape();

		Answer answer = Burst.exchange(burst.client().get().uri("/api/orders")).block(Duration.ofSeconds(30));

		assertThat(answer.status()).isEqualTo(401);
		assertThat(scrape().increaseSince(before, "sessiongate_errors_total", "code", "unauthenticated")).isEqualTo(1);
	}

	@Test
	void lookupWhenTheNearCacheMissesThenItHasASpanAndATimerAndWhenItHitsThenNeither() {
		SignedIn alice = stack.signInElsewhere("alice");
		PrometheusScrape before = scrape();
		int spansBefore = LOOKUP_SPANS.count();

		Answer miss = Burst.exchange(get("/api/orders", alice)).block(Duration.ofSeconds(30));
		PrometheusScrape afterMiss = scrape();
		int spansAfterMiss = LOOKUP_SPANS.count();
		Answer hit = Burst.exchange(get("/api/orders", alice)).block(Duration.ofSeconds(30));
		PrometheusScrape afterHit = scrape();

		assertThat(List.of(miss.status(), hit.status())).containsOnly(200);
		assertThat(afterMiss.increaseSince(before, "sessiongate_session_cache_requests_total", "result", "miss"))
			.isEqualTo(1);
		assertThat(afterMiss.increaseSince(before, "sessiongate_session_lookup_seconds_count"))
			.as("the miss read Redis, timed")
			.isEqualTo(1);
		assertThat(spansAfterMiss - spansBefore).as("the miss read Redis, in a span").isEqualTo(1);
		assertThat(afterHit.increaseSince(afterMiss, "sessiongate_session_cache_requests_total", "result", "hit"))
			.isEqualTo(1);
		assertThat(afterHit.increaseSince(afterMiss, "sessiongate_session_lookup_seconds_count"))
			.as("the hit was a map read, not timed")
			.isZero();
		assertThat(LOOKUP_SPANS.count()).as("the hit was a map read, no span").isEqualTo(spansAfterMiss);
	}

	@Test
	void lookupWhenTheNearCacheIsOffThenEveryLookupIsTimed() {
		SignedIn alice = stack.signIn("alice");
		Burst client = new Burst(uncached.baseUrl());
		PrometheusScrape before = PrometheusScrape.of(uncached);

		List<Answer> answers = client.fire(2, i -> client.client()
			.get()
			.uri("/api/orders")
			.header(HttpHeaders.COOKIE, stack.cookieName() + "=" + alice.cookie()));

		assertThat(answers).extracting(Answer::status).containsOnly(200);
		assertThat(PrometheusScrape.of(uncached).increaseSince(before, "sessiongate_session_lookup_seconds_count"))
			.isEqualTo(2);
	}

	@Test
	void metricsWhenScrapedThenEveryTimerHasHistogramBucketsOnTheManagementPortOnly() {
		SignedIn alice = stack.signInExpired("alice");
		assertThat(Burst.exchange(get("/api/orders", alice)).block(Duration.ofSeconds(30)).status()).isEqualTo(200);
		// Started on another instance: a near-cache miss, so the lookup reaches Redis and is timed.
		SignedIn bob = stack.signInElsewhere("bob");
		assertThat(Burst.exchange(get("/api/orders", bob)).block(Duration.ofSeconds(30)).status()).isEqualTo(200);

		// The server records http.server.requests once the response is done, which may be after the
		// client has it: on a busy machine the first scrape can come before that.
		PrometheusScrape metrics = await().atMost(Duration.ofSeconds(10))
			.until(RelayObservabilityIntegrationTests::scrape,
					scraped -> scraped.names().contains("http_server_requests_seconds_bucket"));
		Answer publicPort = Burst.exchange(burst.client().get().uri("/actuator/prometheus"))
			.block(Duration.ofSeconds(30));

		assertThat(metrics.names()).contains("sessiongate_refresh_seconds_bucket",
				"sessiongate_idp_requests_seconds_bucket", "sessiongate_session_lookup_seconds_bucket",
				"sessiongate_refresh_flight_seconds_bucket", "spring_cloud_gateway_requests_seconds_bucket",
				"spring_cloud_gateway_http_client_requests_seconds_bucket", "lettuce_seconds_bucket",
				"http_server_requests_seconds_bucket");
		assertThat(metrics.has("spring_cloud_gateway_requests_seconds_bucket", "routeId", "api", "le", "0.1"))
			.isTrue();
		assertThat(publicPort.status()).isEqualTo(404);
	}

	@Test
	void traceWhenTheClientSendsATraceparentThenTheUpstreamContinuesItsTrace() {
		SignedIn alice = stack.signIn("alice");

		Answer answer = Burst.exchange(get("/api/orders", alice).header("traceparent",
				"00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01"))
			.block(Duration.ofSeconds(30));

		String[] upstream = traceparent(answer);
		assertThat(upstream[1]).isEqualTo(CLIENT_TRACE);
		assertThat(upstream[2]).as("the gateway's own span").isNotEqualTo(CLIENT_SPAN);
		assertThat(upstream[3]).as("the client's sampling decision").isEqualTo("01");
	}

	@Test
	void traceWhenTheClientSendsNoTraceparentThenTheUpstreamGetsANewTrace() {
		SignedIn alice = stack.signIn("alice");

		String[] first = traceparent(Burst.exchange(get("/api/orders", alice)).block(Duration.ofSeconds(30)));
		String[] second = traceparent(Burst.exchange(get("/api/orders", alice)).block(Duration.ofSeconds(30)));

		assertThat(first[1]).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32)).isNotEqualTo(second[1]);
	}

	@Test
	void traceWhenARequestIsReplayedThenTheReplayStaysInTheClientsTrace() {
		SignedIn alice = stack.signIn("alice");
		stack.api().rejectToken(SandboxStack.jti(alice.tokens().accessToken()));

		Answer answer = Burst.exchange(get("/api/orders", alice).header("traceparent",
				"00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01"))
			.block(Duration.ofSeconds(30));

		assertThat(traceparent(answer)[1]).isEqualTo(CLIENT_TRACE);
		assertThat(answer.json().get("jti")).as("the replay's token")
			.isNotEqualTo(SandboxStack.jti(alice.tokens().accessToken()));
	}

	static String[] traceparent(Answer answer) {
		assertThat(answer.status()).isEqualTo(200);
		Map<String, Object> echo = answer.json();
		String traceparent = (String) echo.get("traceparent");
		assertThat(traceparent).as("traceparent the upstream received").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
		return traceparent.split("-");
	}


	/** Counts the session lookups the tracing handler gave a span, as it starts them. */
	private static final class LookupSpans implements ObservationHandler<Observation.Context> {

		private final AtomicInteger spans = new AtomicInteger();

		@Override
		public void onStart(Observation.Context context) {
			TracingObservationHandler.TracingContext tracing = context
				.get(TracingObservationHandler.TracingContext.class);
			if (GatewayMeters.SESSION_LOOKUP.equals(context.getName()) && tracing != null
					&& tracing.getSpan() != null) {
				this.spans.incrementAndGet();
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		int count() {
			return this.spans.get();
		}

	}

	private static PrometheusScrape scrape() {
		return PrometheusScrape.of(stack.gateway());
	}

	private static WebClient.RequestHeadersSpec<?> get(String path, SignedIn session) {
		return burst.client().get().uri(path).header(HttpHeaders.COOKIE, stack.cookieName() + "=" + session.cookie());
	}

}
