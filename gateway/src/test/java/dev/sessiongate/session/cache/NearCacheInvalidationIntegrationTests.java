package dev.sessiongate.session.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.LocalRedisCluster;
import dev.sessiongate.sandbox.PrometheusScrape;
import dev.sessiongate.sandbox.RedisTopology;
import dev.sessiongate.sandbox.SandboxGateway;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import dev.sessiongate.sandbox.TokenFailure;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances on one Redis: a session instance A serves from its near cache is
 * logged out, ended by back-channel logout, refused by the IdP ({@code invalid_grant}) or
 * refreshed on instance B, and A sees it within a second (CONTRACT section 2: "evicted on
 * every instance when changed anywhere"), timed from B's answer to A's first answer that
 * shows it. On a Redis Cluster (the Failsafe rerun) the sessions are spread over every
 * master, so the announcements of every shard must arrive.
 */
class NearCacheInvalidationIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(1);

	private static SandboxStack stack;

	private static SandboxGateway instanceB;

	private static Burst clientA;

	private static Burst clientB;

	@BeforeAll
	static void start() {
		stack = SandboxStack.start();
		// B refreshes every token it sees (the sandbox's live five minutes), A none: a refresh
		// then happens on B only, and A sends the new token only if it heard of it.
		instanceB = stack.startAnotherGateway(properties -> properties.put("sessiongate.refresh.skew", "10m"), null);
		clientA = new Burst(stack.gateway().baseUrl());
		clientB = new Burst(instanceB.baseUrl());
	}

	@AfterAll
	static void stop() {
		instanceB.close();
		stack.close();
	}

	@Test
	void logoutOnBWhenASessionIsCachedOnAThenASeesItEndedWithinASecond() {
		SignedIn alice = cachedOnA("alice");

		Answer logout = logoutOnB(alice);
		Seen seen = onA(alice, answer -> answer.status() == 401);

		assertThat(logout.status()).isEqualTo(200);
		assertThat(seen.answer().json()).containsEntry("error", "unauthenticated");
		assertThat(seen.after()).isLessThan(WITHIN);
	}

	@Test
	void backchannelLogoutOnBWhenASessionIsCachedOnAThenASeesItEndedWithinASecond() {
		SignedIn bob = cachedOnA("bob");

		Answer logout = Burst.exchange(clientB.client()
			.post()
			.uri("/auth/logout/backchannel")
			.body(BodyInserters.fromFormData("logout_token", stack.idp().logoutToken(null, bob.tokens().sid()))))
			.block();
		Seen seen = onA(bob, answer -> answer.status() == 401);

		assertThat(logout.status()).isEqualTo(200);
		assertThat(seen.after()).isLessThan(WITHIN);
	}

	@Test
	void invalidGrantOnBWhenASessionIsCachedOnAThenASeesSessionExpiredWithinASecond() {
		SignedIn carol = cachedOnA("carol");
		stack.idp().failNextTokenRequests(1, TokenFailure.invalidGrant());

		Answer refused = get(clientB, carol);
		Seen seen = onA(carol, answer -> answer.status() == 401);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json()).containsEntry("error", "session_expired");
		assertThat(seen.answer().json()).containsEntry("error", "session_expired");
		assertThat(seen.after()).isLessThan(WITHIN);
	}

	@Test
	void refreshOnBWhenASessionIsCachedOnAThenASendsTheNewTokenWithinASecond() {
		SignedIn dave = cachedOnA("dave");
		String before = (String) get(clientA, dave).json().get("jti");

		Answer refreshed = get(clientB, dave);
		String after = (String) refreshed.json().get("jti");
		Seen seen = onA(dave, answer -> answer.status() == 200 && after.equals(answer.json().get("jti")));

		assertThat(after).isNotEqualTo(before);
		assertThat(stack.idp().refreshCount(dave.tokens().sid())).isEqualTo(1);
		assertThat(seen.after()).isLessThan(WITHIN);
		assertThat(stack.api().count401()).as("A never sent the replaced token").isZero();
	}

	@Test
	void metricsWhenACachedSessionIsEndedOnBThenAShowsTheHitTheEvictionItsLagAndTheMissAfter() {
		PrometheusScrape before = PrometheusScrape.of(stack.gateway());
		SignedIn erin = cachedOnA("erin");

		logoutOnB(erin);
		onA(erin, answer -> answer.status() == 401);
		PrometheusScrape after = PrometheusScrape.of(stack.gateway());

		assertThat(after.increaseSince(before, "sessiongate_session_cache_requests_total", "result", "hit"))
			.isGreaterThanOrEqualTo(1);
		assertThat(after.increaseSince(before, "sessiongate_session_cache_requests_total", "result", "miss"))
			.as("the read after the eviction asks Redis")
			.isGreaterThanOrEqualTo(1);
		assertThat(after.increaseSince(before, "sessiongate_session_cache_evictions_total", "cause", "ended"))
			.isGreaterThanOrEqualTo(1);
		assertThat(after.increaseSince(before, "sessiongate_session_cache_invalidation_lag_seconds_count"))
			.isGreaterThanOrEqualTo(1);
		assertThat(after.has("sessiongate_session_cache_invalidation_lag_seconds_bucket", "le", "1.0")).isTrue();
	}

	@Test
	void logoutsOnBWhenSessionsOfEveryShardAreCachedOnAThenAllAreSeenEndedWithinASecond() {
		List<SignedIn> sessions = sessionsOnEveryShard(2);
		sessions.forEach(session -> assertThat(get(clientA, session).status()).isEqualTo(200));
		double hitsBefore = hits();
		sessions.forEach(session -> assertThat(get(clientA, session).status()).isEqualTo(200));
		assertThat(hits() - hitsBefore).as("every session served from A's cache").isEqualTo(sessions.size());

		sessions.forEach(NearCacheInvalidationIntegrationTests::logoutOnB);
		List<Duration> lags = new ArrayList<>();
		for (SignedIn session : sessions) {
			lags.add(onA(session, answer -> answer.status() == 401).after());
		}

		assertThat(lags).allSatisfy(lag -> assertThat(lag).isLessThan(WITHIN));
	}

	/**
	 * Sessions whose keys live on every master of the cluster, {@code perMaster} each; on a
	 * single server, {@code perMaster} sessions.
	 */
	private static List<SignedIn> sessionsOnEveryShard(int perMaster) {
		List<SignedIn> sessions = new ArrayList<>();
		if (RedisTopology.current() != RedisTopology.CLUSTER) {
			for (int i = 0; i < perMaster; i++) {
				sessions.add(stack.signIn("shard-" + i));
			}
			return sessions;
		}
		List<RedisURI> nodes = LocalRedisCluster.shared().nodeUrls().stream().map(RedisURI::create).toList();
		RedisClusterClient cluster = RedisClusterClient.create(nodes);
		try {
			Map<String, Integer> perNode = new HashMap<>();
			int masters = (int) cluster.getPartitions()
				.stream()
				.filter(node -> node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.UPSTREAM))
				.count();
			for (int i = 0; perNode.size() < masters || perNode.values().stream().anyMatch(n -> n < perMaster); i++) {
				SignedIn session = stack.signIn("shard-" + i);
				String node = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(session.id().key("s"))).getNodeId();
				if (perNode.merge(node, 1, Integer::sum) <= perMaster) {
					sessions.add(session);
				}
			}
			assertThat(perNode).hasSize(3);
			return sessions;
		}
		finally {
			cluster.shutdown();
		}
	}

	/** A signed-in session that instance A has just served from its near cache. */
	private static SignedIn cachedOnA(String subject) {
		SignedIn session = stack.signIn(subject);
		double hitsBefore = hits();
		assertThat(get(clientA, session).status()).isEqualTo(200);
		assertThat(hits() - hitsBefore).as("served from A's near cache").isEqualTo(1);
		return session;
	}

	private static Answer logoutOnB(SignedIn session) {
		return Burst.exchange(clientB.client()
			.post()
			.uri("/auth/logout")
			.header("X-CSRF", "1")
			.header(HttpHeaders.COOKIE, cookie(session))).block(Duration.ofSeconds(30));
	}

	/** Asks A until an answer shows the change; how long after the change that was. */
	private static Seen onA(SignedIn session, Predicate<Answer> showsIt) {
		long start = System.nanoTime();
		Answer answer = get(clientA, session);
		while (!showsIt.test(answer) && System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
			answer = get(clientA, session);
		}
		assertThat(showsIt).as("A's answer shows the change").accepts(answer);
		return new Seen(answer, Duration.ofNanos(System.nanoTime() - start));
	}

	private static double hits() {
		return CacheProbe.hits(stack.gateway());
	}

	private static Answer get(Burst client, SignedIn session) {
		return CacheProbe.get(client, cookie(session));
	}

	private static String cookie(SignedIn session) {
		return stack.cookieName() + "=" + session.cookie();
	}

	private record Seen(Answer answer, Duration after) {
	}

}
