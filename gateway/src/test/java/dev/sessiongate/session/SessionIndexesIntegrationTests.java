package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.MutableClock;
import dev.sessiongate.sandbox.SandboxGateway;
import dev.sessiongate.token.TokenSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sid and sub indexes behind back-channel logout, against a real redis-server: the
 * right sessions end, a stale or foreign entry never ends another login, and entries of
 * ended sessions are dropped when an index is read.
 */
class SessionIndexesIntegrationTests {

	private static final MutableClock clock = MutableClock.startingNow();

	private static SandboxGateway gateway;

	private static SessionStore store;

	private static ReactiveRedisTemplate<String, byte[]> redis;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void startGateway() {
		gateway = SandboxGateway.start(Map.of("server.port", 0, "management.server.port", 0, "spring.data.redis.url",
				LocalRedis.shared().url(), "sessiongate.oidc.issuer-uri", "http://127.0.0.1:9/unused",
				"sessiongate.oidc.client-id", "gateway", "sessiongate.session.keys[0].id", "k1",
				"sessiongate.session.keys[0].secret", SandboxGateway.randomKey()), clock);
		store = gateway.bean(SessionStore.class);
		redis = gateway.context().getBean("sessionRedisTemplate", ReactiveRedisTemplate.class);
	}

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	@Test
	void endAllOfSidWhenSessionsShareTheUserThenOnlyThatSidEnds() {
		SessionId one = create("u-1", "sid-1a");
		SessionId two = create("u-1", "sid-1b");

		assertThat(store.endAllOfSid("sid-1a", SessionEndReason.BACKCHANNEL).block()).isEqualTo(1);

		assertThat(store.find(one).block()).isNull();
		assertThat(store.find(two).block()).isNotNull();
	}

	@Test
	void endAllOfSubjectThenEverySessionOfTheUserEnds() {
		SessionId one = create("u-2", "sid-2a");
		SessionId two = create("u-2", "sid-2b");
		SessionId other = create("u-3", "sid-3");

		assertThat(store.endAllOfSubject("u-2", SessionEndReason.BACKCHANNEL).block()).isEqualTo(2);

		assertThat(store.find(one).block()).isNull();
		assertThat(store.find(two).block()).isNull();
		assertThat(store.find(other).block()).isNotNull();
	}

	@Test
	void endAllOfSidWhenIndexListsAnotherLoginsSessionThenThatSessionLives() {
		SessionId foreign = create("u-4", "sid-4");
		redis.opsForZSet().add(SessionOwner.sid("sid-5").indexKey(), ascii(foreign.tag()), clock.millis()).block();

		assertThat(store.endAllOfSid("sid-5", SessionEndReason.BACKCHANNEL).block()).isZero();

		assertThat(store.find(foreign).block()).isNotNull();
		assertThat(size(SessionOwner.sid("sid-5"))).isZero();
	}

	@Test
	void endAllOfSidWhenEntrysSessionNotCreatedYetThenEntryKeptForTheLoginInProgress() {
		SessionId creating = SessionIds.random();
		redis.opsForZSet().add(SessionOwner.sid("sid-8").indexKey(), ascii(creating.tag()), clock.millis()).block();

		assertThat(store.endAllOfSid("sid-8", SessionEndReason.BACKCHANNEL).block()).isZero();

		assertThat(size(SessionOwner.sid("sid-8"))).isOne();
		clock.advance(Duration.ofMinutes(2));
		store.endAllOfSid("sid-8", SessionEndReason.BACKCHANNEL).block();
		assertThat(size(SessionOwner.sid("sid-8"))).isZero();
	}

	@Test
	void endAllOfSubjectWhenSessionsAlreadyEndedThenTheirEntriesAreDropped() {
		SessionId ended = create("u-6", "sid-6");
		store.delete(ended, SessionEndReason.LOGOUT).block();
		clock.advance(Duration.ofMinutes(2));

		assertThat(store.endAllOfSubject("u-6", SessionEndReason.BACKCHANNEL).block()).isZero();

		assertThat(size(SessionOwner.subject("u-6"))).isZero();
	}

	@Test
	void createWhenIndexHasGrownThenEntriesOfEndedSessionsAreSwept() {
		for (int i = 0; i < 20; i++) {
			store.delete(create("u-7", "sid-7-" + i), SessionEndReason.LOGOUT).block();
		}
		clock.advance(Duration.ofMinutes(2));

		SessionId live = create("u-7", "sid-7-live");

		assertThat(redis.opsForZSet().range(SessionOwner.subject("u-7").indexKey(), Range.closed(0L, -1L))
			.map(tag -> new String(tag, StandardCharsets.US_ASCII))
			.collectList()
			.block()).containsExactly(live.tag());
		assertThat(store.endAllOfSubject("u-7", SessionEndReason.BACKCHANNEL).block()).isEqualTo(1);
	}

	@Test
	void indexesHoldNoRawSidNorSubject() {
		create("u-secret-subject", "sid-secret");

		assertThat(redis.keys("*").collectList().block()).noneMatch(key -> key.contains("secret"));
		assertThat(redis.hasKey(SessionOwner.subject("u-secret-subject").indexKey()).block()).isTrue();
		assertThat(redis.getExpire(SessionOwner.subject("u-secret-subject").indexKey()).block().toHours())
			.isGreaterThanOrEqualTo(12);
	}

	private static SessionId create(String subject, String sid) {
		SessionId id = SessionIds.random();
		TokenSet tokens = new TokenSet("access", clock.instant().plusSeconds(300), "refresh", "id-token");
		store.create(id, subject, sid, "{}", tokens).block();
		return id;
	}

	private static long size(SessionOwner owner) {
		return redis.opsForZSet().size(owner.indexKey()).block();
	}

	private static byte[] ascii(String value) {
		return value.getBytes(StandardCharsets.US_ASCII);
	}

}
