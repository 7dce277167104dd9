package dev.sessiongate.session.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.MutableClock;
import dev.sessiongate.sandbox.SandboxGateway;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.ReactiveRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idle and absolute timeouts of sessions served from instance A's near cache, with a clock
 * both instances share and the test moves: a session used only from A's memory idles out
 * all the same, and its use there slides its idle timeout in Redis, so that instance B, which
 * reads Redis, finds it alive; no cached session outlives its absolute deadline.
 */
class NearCacheTimeoutIntegrationTests {

	private static final Duration IDLE = Duration.ofMinutes(30);

	private static final MutableClock clock = MutableClock.startingNow();

	private static SandboxStack stack;

	private static SandboxGateway instanceB;

	private static Burst clientA;

	private static Burst clientB;

	@BeforeAll
	static void start() {
		stack = SandboxStack.start(SandboxIdp.Settings.defaults().withAccessTokenLifetime(Duration.ofDays(1)),
				properties -> {
					properties.put("sessiongate.session.idle-timeout", IDLE.toString());
					properties.put("sessiongate.session.absolute-timeout", "2h");
				}, clock);
		instanceB = stack.startAnotherGateway(properties -> {
		}, clock);
		clientA = new Burst(stack.gateway().baseUrl());
		clientB = new Burst(instanceB.baseUrl());
	}

	@AfterAll
	static void stop() {
		instanceB.close();
		stack.close();
	}

	@Test
	void relayWhenASessionHotOnlyInACacheIdlesOutThen401OnThatInstance() {
		SignedIn alice = stack.signIn("alice");
		assertThat(servedFromCacheOfA(alice).status()).isEqualTo(200);

		clock.advance(IDLE.plusMinutes(1));

		Answer idle = get(clientA, alice);
		assertThat(idle.status()).isEqualTo(401);
		assertThat(idle.json()).containsEntry("error", "unauthenticated");
	}

	@Test
	void relayWhenUsedOnlyFromACacheThenItsIdleTimeoutIsSlidInRedisForOtherInstances() {
		SignedIn bob = stack.signIn("bob");
		clock.advance(IDLE.multipliedBy(6).dividedBy(10));
		assertThat(servedFromCacheOfA(bob).status()).isEqualTo(200);
		long usedAt = clock.millis();

		await().atMost(Duration.ofSeconds(10)).until(() -> lastSeenInRedis(bob) == usedAt);
		clock.advance(IDLE.multipliedBy(6).dividedBy(10));

		// Since login: 1.2 idle timeouts, 0.6 since the use A served from memory.
		assertThat(get(clientB, bob).status()).isEqualTo(200);
	}

	@Test
	void relayWhenACachedSessionReachesItsAbsoluteDeadlineThen401ThoughNeverIdle() {
		SignedIn carol = stack.signIn("carol");
		for (int i = 0; i < 5; i++) {
			clock.advance(Duration.ofMinutes(20));
			assertThat(servedFromCacheOfA(carol).status()).as("use %d", i).isEqualTo(200);
			long usedAt = clock.millis();
			// Redis hears of each use, so only the deadline can end the session below.
			await().atMost(Duration.ofSeconds(10)).until(() -> lastSeenInRedis(carol) == usedAt);
		}

		clock.advance(Duration.ofMinutes(21));

		Answer expired = get(clientA, carol);
		assertThat(expired.status()).isEqualTo(401);
		assertThat(expired.json()).containsEntry("error", "unauthenticated");
	}

	/** A request that A answers from its near cache (checked by its hit counter). */
	private static Answer servedFromCacheOfA(SignedIn session) {
		double before = hitsOfA();
		Answer answer = get(clientA, session);
		assertThat(hitsOfA() - before).as("served from A's near cache").isEqualTo(1);
		return answer;
	}

	@SuppressWarnings("unchecked")
	private static long lastSeenInRedis(SignedIn session) {
		ReactiveRedisTemplate<String, byte[]> redis = stack.gateway()
			.context()
			.getBean("sessionRedisTemplate", ReactiveRedisTemplate.class);
		byte[] seen = redis.<String, byte[]>opsForHash().get(session.id().key("s"), "s").block();
		return Long.parseLong(new String(seen, StandardCharsets.US_ASCII));
	}

	private static double hitsOfA() {
		return CacheProbe.hits(stack.gateway());
	}

	private static Answer get(Burst client, SignedIn session) {
		return CacheProbe.get(client, stack.cookieName() + "=" + session.cookie());
	}

}
