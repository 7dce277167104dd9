package dev.sessiongate.session.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.LocalRedisCluster;
import dev.sessiongate.sandbox.RedisTopology;
import dev.sessiongate.sandbox.SandboxGateway;
import dev.sessiongate.session.ForwardingSessionStore;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionChange;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionEndReason;
import dev.sessiongate.session.SessionId;
import dev.sessiongate.session.SessionProperties;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenSet;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A read of a session that races a change must not leave the old session in the near cache:
 * the read has its answer from Redis in hand and is held there (a real Redis store behind
 * a latch) while the session is changed in Redis, or while the invalidation channel is lost
 * and comes back (its pub/sub connection killed in Redis); then the read is let go.
 */
class NearCacheRaceIntegrationTests {

	private static SandboxGateway gateway;

	private static SessionStore redisStore;

	private static SessionCookie cookies;

	private HeldReads held;

	private SimpleMeterRegistry meters;

	private NearCacheSessionStore cache;

	private InvalidationChannel channel;

	private Heard heard;

	@BeforeAll
	static void startGateway() {
		Map<String, Object> properties = new HashMap<>(RedisTopology.current().gatewayProperties());
		properties.putAll(Map.of("server.port", 0, "management.server.port", 0, "sessiongate.oidc.issuer-uri",
				"http://127.0.0.1:9/unused", "sessiongate.oidc.client-id", "gateway",
				"sessiongate.session.keys[0].id", "k1", "sessiongate.session.keys[0].secret",
				SandboxGateway.randomKey()));
		gateway = SandboxGateway.start(properties);
		redisStore = gateway.context().getBean("redisSessionStore", SessionStore.class);
		cookies = gateway.bean(SessionCookie.class);
	}

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	@BeforeEach
	void startCache() {
		SessionProperties properties = gateway.bean(SessionProperties.class);
		this.held = new HeldReads(redisStore);
		this.meters = new SimpleMeterRegistry();
		this.cache = new NearCacheSessionStore(this.held, properties.nearCache(), properties.idleTimeout(),
				properties.touchInterval(), Clock.systemUTC(), this.meters);
		this.heard = new Heard(this.cache);
		this.channel = new InvalidationChannel(gateway.bean(LettuceConnectionFactory.class)::getRequiredNativeClient,
				this.heard);
		this.channel.start();
	}

	@AfterEach
	void stopCache() {
		this.channel.stop();
	}

	@Test
	void findWhenTheSessionIsUpdatedWhileItsReadIsInFlightThenTheOldSessionIsNotCached() throws Exception {
		Session created = create();
		HeldReads.Hold hold = this.held.holdNextRead();
		CompletableFuture<Session> racing = this.cache.find(created.id()).subscribeOn(Schedulers.boundedElastic()).toFuture();
		assertThat(hold.read().await(10, TimeUnit.SECONDS)).as("Redis answered the read").isTrue();

		Session updated = redisStore.updateTokens(created, tokens("second")).block(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10)).until(() -> changesHeard() == 1);
		hold.release().complete(null);

		assertThat(racing.get(10, TimeUnit.SECONDS).version()).as("what Redis held when it was read").isEqualTo(1);
		assertThat(this.cache.find(created.id()).block().version()).isEqualTo(updated.version());
		assertThat(requests("hit")).isZero();
	}

	@Test
	void findWhenTheSessionEndsWhileItsReadIsInFlightThenItIsNotCached() throws Exception {
		Session created = create();
		HeldReads.Hold hold = this.held.holdNextRead();
		CompletableFuture<Session> racing = this.cache.find(created.id()).subscribeOn(Schedulers.boundedElastic()).toFuture();
		assertThat(hold.read().await(10, TimeUnit.SECONDS)).isTrue();

		redisStore.delete(created.id(), SessionEndReason.LOGOUT).block(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10)).until(() -> changesHeard() == 1);
		hold.release().complete(null);

		assertThat(racing.get(10, TimeUnit.SECONDS)).isNotNull();
		assertThat(this.cache.find(created.id()).block()).isNull();
	}

	@Test
	void findWhenTheChannelIsLostAndBackWhileItsReadIsInFlightThenTheReadIsNotCached() throws Exception {
		Session created = create();
		HeldReads.Hold hold = this.held.holdNextRead();
		CompletableFuture<Session> racing = this.cache.find(created.id()).subscribeOn(Schedulers.boundedElastic()).toFuture();
		assertThat(hold.read().await(10, TimeUnit.SECONDS)).isTrue();

		killPubSubConnections();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.heard.heardAfterALoss());
		hold.release().complete(null);
		racing.get(10, TimeUnit.SECONDS);

		this.cache.find(created.id()).block();
		assertThat(requests("hit")).as("the read from before the loss was not kept").isZero();
		this.cache.find(created.id()).block();
		assertThat(requests("hit")).as("a read after the return is").isEqualTo(1);
	}

	@Test
	void endAllOfSubjectWhenItsSessionIsCachedThenTheNextFindHereAsksRedisWithoutWaitingForTheAnnouncement() {
		String subject = "backchannel-" + UUID.randomUUID();
		Session cached = this.cache.create(cookies.issue().id(), subject, null, "{}", tokens("first"))
			.block(Duration.ofSeconds(10));
		assertThat(this.cache.find(cached.id()).block()).isNotNull();
		assertThat(requests("hit")).isEqualTo(1);
		this.heard.holdBackChanges();

		assertThat(this.cache.endAllOfSubject(subject, SessionEndReason.BACKCHANNEL).block(Duration.ofSeconds(10)))
			.isEqualTo(1);

		assertThat(this.cache.find(cached.id()).block()).isNull();
		assertThat(changesHeard()).as("the end's announcement was not let through").isZero();
	}

	@Test
	void endAllOfSidWhenItsSessionIsCachedThenTheNextFindHereAsksRedisAndOtherSessionsStay() {
		String sid = UUID.randomUUID().toString();
		Session ended = this.cache.create(cookies.issue().id(), "alice", sid, "{\"sub\":\"alice\",\"sid\":\"" + sid + "\"}",
				tokens("first")).block(Duration.ofSeconds(10));
		Session other = this.cache.create(cookies.issue().id(), "alice", UUID.randomUUID().toString(), "{}",
				tokens("first")).block(Duration.ofSeconds(10));
		this.heard.holdBackChanges();

		assertThat(this.cache.endAllOfSid(sid, SessionEndReason.BACKCHANNEL).block(Duration.ofSeconds(10))).isEqualTo(1);

		assertThat(this.cache.find(ended.id()).block()).isNull();
		assertThat(this.cache.find(other.id()).block()).isNotNull();
		assertThat(requests("hit")).as("the other session still served from memory").isEqualTo(1);
	}

	@Test
	void deleteWhenItsEndIsSignalledThenWhatFollowsNoLongerFindsTheSessionHere() {
		Session cached = this.cache.create(cookies.issue().id(), "alice", null, "{}", tokens("first"))
			.block(Duration.ofSeconds(10));
		this.heard.holdBackChanges();

		// What follows the delete (the logout's answer, then the client's next request) runs inside its signal.
		Session seenAfter = this.cache.delete(cached.id(), SessionEndReason.LOGOUT)
			.flatMap(deleted -> this.cache.find(cached.id()))
			.block(Duration.ofSeconds(10));

		assertThat(seenAfter).isNull();
	}

	private Session create() {
		SessionCookie.Issued issued = cookies.issue();
		return redisStore.create(issued.id(), "alice", "{}", tokens("first")).block(Duration.ofSeconds(10));
	}

	/** Closes every pub/sub connection in Redis, as a restart or a network cut would. */
	private static void killPubSubConnections() {
		List<String> servers = (RedisTopology.current() == RedisTopology.CLUSTER)
				? LocalRedisCluster.shared().nodeUrls() : List.of(LocalRedis.shared().url());
		for (String server : servers) {
			RedisClient client = RedisClient.create(server);
			try (var connection = client.connect()) {
				connection.sync().clientKill(KillArgs.Builder.typePubsub());
			}
			finally {
				client.shutdown();
			}
		}
	}

	private long changesHeard() {
		return this.heard.changes.get();
	}

	private double requests(String result) {
		return this.meters.counter(GatewayMeters.SESSION_CACHE_REQUESTS, GatewayMeters.RESULT, result).count();
	}

	private static TokenSet tokens(String marker) {
		return new TokenSet("access-" + marker, Instant.now().plusSeconds(300), "refresh-" + marker, null);
	}

	/** What the channel told the cache, counted on the way. */
	private static final class Heard implements InvalidationChannel.Listener {

		private final InvalidationChannel.Listener cache;

		private final AtomicLong changes = new AtomicLong();

		private volatile boolean lost;

		private volatile boolean heardAfterALoss;

		Heard(InvalidationChannel.Listener cache) {
			this.cache = cache;
		}

		private volatile boolean holdingBackChanges;

		@Override
		public void changed(SessionChange change) {
			if (this.holdingBackChanges) {
				return;
			}
			this.cache.changed(change);
			this.changes.incrementAndGet();
		}

		/** From now on, changes announced on the channel never reach the cache: as if they were still on their way. */
		void holdBackChanges() {
			this.holdingBackChanges = true;
		}

		@Override
		public void lost() {
			this.cache.lost();
			this.lost = true;
		}

		@Override
		public void heard() {
			this.cache.heard();
			this.heardAfterALoss = this.lost;
		}

		boolean heardAfterALoss() {
			return this.heardAfterALoss;
		}

	}

	/**
	 * The real Redis store, whose next read, once Redis has answered it, is held until the test
	 * lets it go.
	 */
	private static final class HeldReads extends ForwardingSessionStore {

		private volatile Hold next;

		HeldReads(SessionStore store) {
			super(store);
		}

		Hold holdNextRead() {
			Hold hold = new Hold(new CountDownLatch(1), new CompletableFuture<>());
			this.next = hold;
			return hold;
		}

		@Override
		public Mono<Session> find(SessionId id) {
			Hold hold = this.next;
			this.next = null;
			if (hold == null) {
				return store().find(id);
			}
			return store().find(id)
				.doOnNext(session -> hold.read().countDown())
				.flatMap(session -> Mono.fromFuture(hold.release()).thenReturn(session));
		}

		record Hold(CountDownLatch read, CompletableFuture<Void> release) {
		}

	}

}
