package dev.sessiongate.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.MutableClock;
import dev.sessiongate.sandbox.PrometheusScrape;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operations (CONTRACT section 8) while a shared dependency is out, through a real gateway:
 * the IdP is stopped, then the real redis-server is killed. Liveness and readiness stay UP
 * (every replica would otherwise leave the load balancer at once), the health details and
 * {@code sessiongate_dependency_up} say what is down, stale discovery keeps logins
 * starting, and the log does not grow with the request rate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class DependencyOutageIntegrationTests {

	private static final Duration CHECKS = Duration.ofMillis(200);

	private static LocalRedis redis;

	private static SandboxStack stack;

	private static MutableClock clock;

	private static Burst burst;

	@BeforeAll
	static void start() {
		redis = LocalRedis.start(List.of());
		clock = MutableClock.startingNow();
		stack = SandboxStack.start(SandboxIdp.Settings.defaults(), properties -> {
			properties.put("spring.data.redis.url", redis.url());
			properties.put("sessiongate.oidc.redirect-uri", "http://127.0.0.1:1/auth/callback");
			properties.put("sessiongate.observability.dependency-check-interval", CHECKS.toMillis() + "ms");
			properties.put("sessiongate.observability.live-sessions-interval", CHECKS.toMillis() + "ms");
		}, clock);
		burst = new Burst(stack.gateway().baseUrl());
	}

	@AfterAll
	static void stop() {
		stack.close();
		redis.close();
	}

	@Test
	@Order(1)
	void liveSessionsWhenRedisHoldsSessionsAndTheirIndexesThenTheGaugeEstimatesTheSessionsAlone() {
		for (int i = 0; i < 40; i++) {
			stack.signIn("alice");
		}
		// 40 sessions, 40 sid indexes and 1 subject index: the estimate is 81 keys times the
		// sampled share of sessions (about 40, standard deviation 4). Counting every key (81)
		// or none (0) never gets within five deviations.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> PrometheusScrape.of(stack.gateway()).sum("sessiongate_sessions_live"),
					sessions -> sessions >= 20 && sessions <= 60);
	}

	@Test
	@Order(2)
	void probesWhenTheIdpIsDownThenLivenessAndReadinessStayUpAndTheHealthDetailsSayWhy() {
		SignedIn alice = stack.signIn("alice");
		await().atMost(Duration.ofSeconds(20)).until(() -> probe("/actuator/health/readiness").status() == 200);
		stack.idp().close();

		await().atMost(Duration.ofSeconds(20)).until(() -> dependencyUp("identity_provider") == 0);

		assertThat(probe("/actuator/health/liveness").status()).isEqualTo(200);
		assertThat(probe("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(component(probe("/actuator/health"), "identityProvider")).containsEntry("status", "DOWN");
		assertThat(relay(alice).status()).as("a session with a live token needs no IdP").isEqualTo(200);
	}

	@Test
	@Order(3)
	void loginWhenTheDiscoveryRereadFailsThenTheLastDocumentStaysInService() {
		clock.advance(Duration.ofHours(2));

		Answer login = Burst.exchange(burst.client().get().uri("/auth/login")).block(Duration.ofSeconds(30));

		assertThat(login.status()).isEqualTo(302);
		assertThat(login.headers().getFirst(HttpHeaders.LOCATION)).startsWith(stack.idp().issuer() + "/authorize?");
		Answer readiness = probe("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(component(readiness, "discovery")).containsEntry("status", "UP");
	}

	@Test
	@Order(4) // kills this class's Redis
	void probesWhenRedisIsDownThenLivenessAndReadinessStayUpAndFailuresAreLoggedInSummary(CapturedOutput output) {
		SignedIn alice = stack.signIn("alice");
		PrometheusScrape before = PrometheusScrape.of(stack.gateway());
		redis.kill();

		List<Answer> answers = burst.fire(50, i -> get(alice));
		await().atMost(Duration.ofSeconds(20)).until(() -> dependencyUp("redis") == 0);

		assertThat(answers).extracting(Answer::status).containsOnly(503);
		assertThat(probe("/actuator/health/liveness").status()).isEqualTo(200);
		assertThat(probe("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(component(probe("/actuator/health"), "redis")).containsEntry("status", "DOWN");
		assertThat(PrometheusScrape.of(stack.gateway())
			.increaseSince(before, "sessiongate_errors_total", "code", "session_store_unavailable")).isEqualTo(50);
		assertThat(output.getOut().lines().filter(line -> line.contains("Session store unavailable")))
			.as("failure lines for 50 failures within one summary interval")
			.hasSizeLessThanOrEqualTo(1);
	}

	private static double dependencyUp(String dependency) {
		return PrometheusScrape.of(stack.gateway()).sum("sessiongate_dependency_up", "dependency", dependency);
	}

	private static Answer relay(SignedIn session) {
		return Burst.exchange(get(session)).block(Duration.ofSeconds(30));
	}

	private static WebClient.RequestHeadersSpec<?> get(SignedIn session) {
		return burst.client()
			.get()
			.uri("/api/orders")
			.header(HttpHeaders.COOKIE, stack.cookieName() + "=" + session.cookie());
	}

	private static Answer probe(String path) {
		return Burst.exchange(burst.client().get().uri("http://127.0.0.1:" + stack.gateway().managementPort() + path))
			.block(Duration.ofSeconds(30));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> component(Answer health, String name) {
		Map<String, Object> components = (Map<String, Object>) health.json().get("components");
		assertThat(components).as("health components").containsKey(name);
		return (Map<String, Object>) components.get(name);
	}

}
