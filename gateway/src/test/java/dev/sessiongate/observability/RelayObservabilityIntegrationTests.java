package dev.sessiongate.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.PrometheusScrape;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import dev.sessiongate.sandbox.TokenFailure;
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

	private static SandboxStack stack;

	private static Burst burst;

	@BeforeAll
	static void start() {
		stack = SandboxStack.start();
		burst = new Burst(stack.gateway().baseUrl());
	}

	@AfterAll
	static void stop() {
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
	void metricsWhenScrapedThenEveryTimerHasHistogramBucketsOnTheManagementPortOnly() {
		SignedIn alice = stack.signInExpired("alice");
		assertThat(Burst.exchange(get("/api/orders", alice)).block(Duration.ofSeconds(30)).status()).isEqualTo(200);

		PrometheusScrape metrics = scrape();
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


	private static PrometheusScrape scrape() {
		return PrometheusScrape.of(stack.gateway());
	}

	private static WebClient.RequestHeadersSpec<?> get(String path, SignedIn session) {
		return burst.client().get().uri(path).header(HttpHeaders.COOKIE, stack.cookieName() + "=" + session.cookie());
	}

}
