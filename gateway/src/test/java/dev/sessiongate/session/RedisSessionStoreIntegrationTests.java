package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.sessiongate.sandbox.MutableClock;
import dev.sessiongate.sandbox.RedisTopology;
import dev.sessiongate.sandbox.SandboxGateway;
import dev.sessiongate.token.TokenSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis session store against a real redis-server: sealing at rest, timeouts and
 * version-checked updates under concurrency.
 */
class RedisSessionStoreIntegrationTests {

	private static final MutableClock clock = MutableClock.startingNow();

	private static SandboxGateway gateway;

	private static SessionStore store;

	private static SessionCookie cookie;

	private static ReactiveRedisTemplate<String, byte[]> redis;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void startGateway() {
		Map<String, Object> properties = new HashMap<>(RedisTopology.current().gatewayProperties());
		properties.putAll(Map.of("server.port", 0, "management.server.port", 0, "sessiongate.oidc.issuer-uri",
				"http://127.0.0.1:9/unused", "sessiongate.oidc.client-id", "gateway",
				"sessiongate.session.keys[0].id", "k1", "sessiongate.session.keys[0].secret",
				SandboxGateway.randomKey(), "sessiongate.session.idle-timeout", "30m",
				"sessiongate.session.absolute-timeout", "12h"));
		gateway = SandboxGateway.start(properties, clock);
		// The Redis store itself, not the near cache in front of it (NearCacheIntegrationTests).
		store = gateway.context().getBean("redisSessionStore", SessionStore.class);
		cookie = gateway.bean(SessionCookie.class);
		redis = gateway.context().getBean("sessionRedisTemplate", ReactiveRedisTemplate.class);
	}

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	@Test
	void findWhenCreatedThenReturnsTheSameSessionAtVersionOne() {
		SessionCookie.Issued issued = cookie.issue();
		TokenSet tokens = tokens("one");

		store.create(issued.id(), "alice", "{\"name\":\"Alice\"}", tokens).block();
		Session found = store.find(SessionId.fromCookieValue(issued.cookie().getValue())).block();

		assertThat(found).isNotNull();
		assertThat(found.version()).isEqualTo(1);
		assertThat(found.subject()).isEqualTo("alice");
		assertThat(found.claimsJson()).isEqualTo("{\"name\":\"Alice\"}");
		assertThat(found.tokens().accessToken()).isEqualTo(tokens.accessToken());
		assertThat(found.tokens().refreshToken()).isEqualTo(tokens.refreshToken());
		assertThat(found.tokens().idToken()).isEqualTo(tokens.idToken());
		assertThat(found.tokens().accessTokenExpiresAt()).isEqualTo(tokens.accessTokenExpiresAt());
	}

	@Test
	void rawRedisValuesWhenSessionStoredThenHoldNoTokenNorCookie() {
		SessionCookie.Issued issued = cookie.issue();
		TokenSet tokens = tokens("secret-marker");
		store.create(issued.id(), "alice", "{}", tokens).block();

		Map<String, byte[]> raw = redis.<String, byte[]>opsForHash()
			.entries(issued.id().key("s"))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block();
		List<String> keys = redis.keys("*").collectList().block();

		assertThat(raw).containsKeys("d", "v", "s", "x").doesNotContainKey("c");
		String dump = String.join("\n", keys) + raw.values()
			.stream()
			.map(value -> new String(value, StandardCharsets.ISO_8859_1))
			.reduce("", String::concat);
		assertThat(dump).doesNotContain(tokens.accessToken(), tokens.refreshToken(), tokens.idToken(),
				issued.cookie().getValue(), "secret-marker");
	}

	@Test
	void findWhenIdleTimeoutPassedThenEmptyAndDeleted() {
		SessionCookie.Issued issued = cookie.issue();
		store.create(issued.id(), "alice", "{}", tokens("idle")).block();

		clock.advance(Duration.ofMinutes(31));
		Session found = store.find(issued.id()).block();

		assertThat(found).isNull();
		assertThat(redis.hasKey(issued.id().key("s")).block()).isFalse();
	}

	@Test
	void findWhenUsedWithinIdleTimeoutThenSlidesPastTheFirstDeadline() {
		SessionCookie.Issued issued = cookie.issue();
		store.create(issued.id(), "alice", "{}", tokens("slide")).block();

		for (int i = 0; i < 4; i++) {
			clock.advance(Duration.ofMinutes(20));
			assertThat(store.find(issued.id()).block()).as("read %d", i).isNotNull();
		}
	}

	@Test
	void findWhenReadWithinTouchIntervalThenWritesNothing() {
		SessionCookie.Issued issued = cookie.issue();
		store.create(issued.id(), "alice", "{}", tokens("touch")).block();
		String seenAtCreation = field(issued.id(), "s");

		clock.advance(Duration.ofSeconds(10));
		store.find(issued.id()).block();
		String seenAfterQuickRead = field(issued.id(), "s");
		clock.advance(Duration.ofMinutes(2));
		store.find(issued.id()).block();

		assertThat(seenAfterQuickRead).isEqualTo(seenAtCreation);
		assertThat(field(issued.id(), "s")).isEqualTo(Long.toString(clock.millis()));
	}

	@Test
	void findWhenAbsoluteTimeoutPassedThenEmptyEvenIfUsedAllAlong() {
		SessionCookie.Issued issued = cookie.issue();
		store.create(issued.id(), "alice", "{}", tokens("absolute")).block();

		// 35 reads 20 minutes apart keep it alive (never idle for 30): the last at 11h40.
		for (int i = 0; i < 35; i++) {
			clock.advance(Duration.ofMinutes(20));
			assertThat(store.find(issued.id()).block()).as("read at %d minutes", (i + 1) * 20).isNotNull();
		}
		clock.advance(Duration.ofMinutes(20));

		assertThat(store.find(issued.id()).block()).as("read at 12h").isNull();
	}

	@Test
	void findWhenARedisWriterMovedTheDeadlineThenTheSealedOneStillEndsTheSession() {
		SessionCookie.Issued issued = cookie.issue();
		store.create(issued.id(), "alice", "{}", tokens("extended")).block();
		byte[] muchLater = Long.toString(clock.millis() + Duration.ofDays(365).toMillis())
			.getBytes(StandardCharsets.US_ASCII);
		redis.opsForHash().put(issued.id().key("s"), "x", muchLater).block();

		for (int i = 0; i < 35; i++) {
			clock.advance(Duration.ofMinutes(20));
			assertThat(store.find(issued.id()).block()).isNotNull();
		}
		clock.advance(Duration.ofMinutes(20));

		assertThat(store.find(issued.id()).block()).isNull();
	}

	@Test
	void findWhenTheSealedValueIsInAnUnknownFormatThenAbsentNotAnError() {
		SessionCookie.Issued issued = cookie.issue();
		store.create(issued.id(), "alice", "{}", tokens("format")).block();
		TokenSeal seal = new TokenSeal(gateway.context()
			.getBean(SessionProperties.class)
			.keys());
		byte[] fromANewerGateway = seal.seal(issued.id(), new byte[] { 9, 0, 0, 0, 1, 'x' });
		redis.opsForHash().put(issued.id().key("s"), "d", fromANewerGateway).block();

		assertThat(store.find(issued.id()).block()).isNull();
	}

	@Test
	void endedBecauseWhenTheIdpRefusedTheRefreshTokenThenRememberedAndOtherEndsAreNot() {
		SessionCookie.Issued refused = cookie.issue();
		SessionCookie.Issued loggedOut = cookie.issue();
		store.create(refused.id(), "alice", "{}", tokens("refused")).block();
		store.create(loggedOut.id(), "alice", "{}", tokens("logged-out")).block();

		boolean deleted = store.delete(refused.id(), SessionEndReason.INVALID_GRANT).block();
		store.delete(loggedOut.id(), SessionEndReason.LOGOUT).block();

		assertThat(deleted).isTrue();
		assertThat(store.find(refused.id()).block()).isNull();
		assertThat(store.endedBecause(refused.id()).block()).isEqualTo(SessionEndReason.INVALID_GRANT);
		assertThat(store.endedBecause(loggedOut.id()).block()).isNull();
	}

	@Test
	void updateTokensWhenManyWritersRaceOnOneVersionThenExactlyOneWins() {
		SessionCookie.Issued issued = cookie.issue();
		Session created = store.create(issued.id(), "alice", "{}", tokens("race")).block();

		List<Session> winners = Flux.range(0, 50)
			.parallel(8)
			.runOn(Schedulers.parallel())
			.flatMap(i -> store.updateTokens(created, tokens("writer-" + i)))
			.sequential()
			.collectList()
			.block();

		assertThat(winners).hasSize(1);
		Session stored = store.find(issued.id()).block();
		assertThat(stored.version()).isEqualTo(2);
		assertThat(stored.tokens().refreshToken()).isEqualTo(winners.get(0).tokens().refreshToken());
	}

	@Test
	void updateTokensWhenWritersRetryOnConflictThenNoUpdateIsLost() {
		SessionCookie.Issued issued = cookie.issue();
		store.create(issued.id(), "alice", "{}", tokens("retry")).block();
		Set<Long> versions = ConcurrentHashMap.newKeySet();

		Flux.range(0, 32)
			.parallel(8)
			.runOn(Schedulers.parallel())
			.flatMap(i -> readModifyWrite(issued.id(), "writer-" + i))
			.doOnNext(updated -> versions.add(updated.version()))
			.sequential()
			.blockLast();

		List<Long> expected = new ArrayList<>();
		for (long version = 2; version <= 33; version++) {
			expected.add(version);
		}
		assertThat(versions).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(store.find(issued.id()).block().version()).isEqualTo(33);
	}

	@Test
	void findWhenStoredByTheGatewayBeforeFormatThreeThenReadWithItsCreationTime() throws Exception {
		SessionCookie.Issued issued = cookie.issue();
		Instant created = Instant.ofEpochMilli(clock.millis());
		TokenSet tokens = tokens("format-2");
		java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
		try (java.io.DataOutputStream out = new java.io.DataOutputStream(plain)) {
			out.writeByte(2);
			for (String value : new String[] { "alice", "{\"name\":\"Alice\"}", tokens.accessToken() }) {
				out.writeInt(value.length());
				out.writeBytes(value);
			}
			out.writeLong(tokens.accessTokenExpiresAt().toEpochMilli());
			for (String value : new String[] { tokens.refreshToken(), tokens.idToken() }) {
				out.writeInt(value.length());
				out.writeBytes(value);
			}
			out.writeLong(created.toEpochMilli());
			out.writeLong(created.plus(Duration.ofHours(12)).toEpochMilli());
		}
		byte[] sealed = new TokenSeal(gateway.context().getBean(SessionProperties.class).keys()).seal(issued.id(),
				plain.toByteArray());
		byte[] millis = Long.toString(created.toEpochMilli()).getBytes(StandardCharsets.US_ASCII);
		redis.<String, byte[]>opsForHash()
			.putAll(issued.id().key("s"), Map.of("d", sealed, "v", "1".getBytes(StandardCharsets.US_ASCII), "c", millis,
					"s", millis, "x", Long.toString(created.plus(Duration.ofHours(12)).toEpochMilli())
						.getBytes(StandardCharsets.US_ASCII)))
			.block();

		Session found = store.find(issued.id()).block();

		assertThat(found.tokens()).isEqualTo(tokens);
		assertThat(found.claimsJson()).isEqualTo("{\"name\":\"Alice\"}");
		assertThat(found.createdAt()).isEqualTo(created);
	}

	@Test
	void findWhenSealedWithARetiredKeyThenAbsent() {
		SessionCookie.Issued issued = cookie.issue();
		store.create(issued.id(), "alice", "{}", tokens("retired")).block();
		TokenSeal otherKey = new TokenSeal(List.of(new SessionProperties.SealingKey("k0", SandboxGateway.randomKey())));
		byte[] foreign = otherKey.seal(issued.id(), "x".getBytes(StandardCharsets.UTF_8));
		redis.opsForHash().put(issued.id().key("s"), "d", foreign).block();

		assertThat(store.find(issued.id()).block()).isNull();
	}

	private static Mono<Session> readModifyWrite(SessionId id, String marker) {
		return store.find(id)
			.flatMap(current -> store.updateTokens(current, tokens(marker)))
			.repeatWhenEmpty(attempts -> attempts.take(1000));
	}

	private static String field(SessionId id, String name) {
		byte[] value = redis.<String, byte[]>opsForHash().get(id.key("s"), name).block();
		return new String(value, StandardCharsets.US_ASCII);
	}

	private static TokenSet tokens(String marker) {
		return new TokenSet("access-" + marker + "-" + Collections.nCopies(20, "a").size(),
				Instant.ofEpochMilli(clock.millis()).plusSeconds(300), "refresh-" + marker, "id-token-" + marker);
	}

}
