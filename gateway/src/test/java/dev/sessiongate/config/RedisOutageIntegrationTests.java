package dev.sessiongate.config;

import java.time.Duration;
import java.util.List;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis outages through a real gateway: a frozen Redis (commands time out) and a dead
 * one (connections refused) both answer {@code 503 session_store_unavailable}, keep the
 * client's cookie, and the session works again once Redis is back. A session the near cache
 * holds answers 503 too, within five seconds: the cache is dropped once its invalidation
 * channel goes quiet (a heartbeat notices a frozen server; a dead one closes the socket).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisOutageIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(5);

	private static LocalRedis redis;

	private static SandboxStack stack;

	private static Burst burst;

	@BeforeAll
	static void start() {
		// On disk, so a stopped server comes back with its sessions, as a production Redis does.
		redis = LocalRedis.startPersistent();
		stack = SandboxStack.start(SandboxIdp.Settings.defaults(), properties -> {
			properties.put("spring.data.redis.url", redis.url());
			properties.put("spring.data.redis.timeout", "500ms");
		}, null);
		burst = new Burst(stack.gateway().baseUrl());
	}

	@AfterAll
	static void stop() {
		stack.close();
		redis.close();
	}

	@Test
	@Order(1)
	void relayWhenRedisFreezesOnACachedSessionThen503Within5sAndTheSessionSurvivesTheOutage() {
		SignedIn alice = stack.signIn("alice");
		assertThat(get(alice).status()).isEqualTo(200);
		assertThat(get(alice).status()).as("served from the near cache").isEqualTo(200);

		redis.pause();
		Outage outage;
		try {
			outage = firstAnswerOtherThan200(alice);
		}
		finally {
			redis.resume();
		}
		Answer after = get(alice);

		assertThat(outage.elapsed()).isLessThan(WITHIN);
		assertThat(outage.answer().status()).isEqualTo(503);
		assertThat(outage.answer().json()).containsEntry("error", "session_store_unavailable");
		assertThat(outage.answer().headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(outage.answer().headers().get(HttpHeaders.SET_COOKIE)).isNull();
		assertThat(after.status()).isEqualTo(200);
	}

	@Test
	@Order(2)
	void relayWhenRedisIsStoppedOnACachedSessionThen503Within5sAndTheSameCookieWorksOnceItIsBack() {
		SignedIn alice = stack.signIn("alice");
		assertThat(get(alice).status()).isEqualTo(200);

		redis.stop();
		Outage outage;
		try {
			outage = firstAnswerOtherThan200(alice);
		}
		finally {
			redis.restart();
		}

		assertThat(outage.elapsed()).isLessThan(WITHIN);
		assertThat(outage.answer().status()).isEqualTo(503);
		assertThat(outage.answer().json()).containsEntry("error", "session_store_unavailable");
		assertThat(outage.answer().headers().get(HttpHeaders.SET_COOKIE)).isNull();
		// Lettuce reconnects with a backoff: the session answers once it has.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> get(alice).status() == 200);
	}

	@Test
	@Order(3) // kills the Redis this class shares, so it runs last
	void relayWhenRedisIsDeadThen503Within5sNotA500() {
		SignedIn alice = stack.signIn("alice");
		assertThat(get(alice).status()).isEqualTo(200);

		redis.kill();
		Outage outage = firstAnswerOtherThan200(alice);

		assertThat(outage.elapsed()).isLessThan(WITHIN);
		assertThat(outage.answer().status()).isEqualTo(503);
		assertThat(outage.answer().json()).containsEntry("error", "session_store_unavailable");
		assertThat(outage.answer().headers().get(HttpHeaders.SET_COOKIE)).isNull();
	}

	/**
	 * Asks until an answer is not a 200 (a cached session is served until the cache learns of
	 * the outage), bounded by twice the limit so a failing gateway fails the test instead of
	 * hanging it.
	 */
	private static Outage firstAnswerOtherThan200(SignedIn session) {
		long start = System.nanoTime();
		Answer answer = get(session);
		while (answer.status() == 200 && System.nanoTime() - start < WITHIN.multipliedBy(2).toNanos()) {
			answer = get(session);
		}
		return new Outage(answer, Duration.ofNanos(System.nanoTime() - start));
	}

	private static Answer get(SignedIn session) {
		return Burst
			.exchange(burst.client().get().uri("/api/orders").header(HttpHeaders.COOKIE,
					stack.cookieName() + "=" + session.cookie()))
			.block();
	}

	private record Outage(Answer answer, Duration elapsed) {
	}

}
