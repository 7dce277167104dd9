package dev.sessiongate.token.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import dev.sessiongate.session.RedisScripts;
import dev.sessiongate.session.SessionId;
import dev.sessiongate.session.SessionStoreFailures;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis lease that lets one gateway instance at a time refresh a session:
 * {@code SET sg:{tag}:lease <owner> NX PX}, kept by its owner while the refresh runs,
 * released by compare-and-delete, which also notifies waiting instances. The lease
 * shares the session's hash tag, so each script touches one slot. Redis failures answer
 * {@code session_store_unavailable}. The leases this instance holds are tracked, so a
 * graceful shutdown can release them.
 */
final class RefreshLease {

	/** Pub/sub channel on which a released lease names its session's tag. */
	static final String CHANNEL = "sg:refreshed";

	private static final RedisScript<Long> RENEW = RedisScripts.load("lease_renew", Long.class);

	private static final RedisScript<Long> KEEP = RedisScripts.load("lease_keep", Long.class);

	private static final RedisScript<Long> RELEASE = RedisScripts.load("lease_release", Long.class);

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final Duration duration;

	private final Set<Held> held = ConcurrentHashMap.newKeySet();

	RefreshLease(ReactiveRedisTemplate<String, byte[]> redis, Duration duration) {
		this.redis = redis;
		this.duration = duration;
	}

	/** The lease for this session, or empty when another instance holds it. */
	Mono<Held> acquire(SessionId id) {
		Held lease = new Held(id, UUID.randomUUID().toString());
		return this.redis.opsForValue()
			.setIfAbsent(key(id), bytes(lease.owner()), this.duration)
			.onErrorMap(SessionStoreFailures::translate)
			.filter(Boolean::booleanValue)
			.map(acquired -> lease)
			.doOnNext(this.held::add);
	}

	/**
	 * Extends the lease; false when it was lost (expired and perhaps taken, used and released
	 * by another instance). The last check before the IdP is called.
	 */
	Mono<Boolean> renew(Held lease) {
		return run(RENEW, lease, bytes(Long.toString(this.duration.toMillis())));
	}

	/**
	 * Extends the lease, or takes it again if it expired meanwhile (Redis was down): once the
	 * IdP has answered, the tokens in hand are the newest, so holding on is always right.
	 */
	Mono<Boolean> keep(Held lease) {
		return run(KEEP, lease, bytes(Long.toString(this.duration.toMillis())));
	}

	/**
	 * Renews the lease every third of its life until the returned handle is disposed; failures
	 * wait for the next tick. Once {@code retake} says so (the IdP has answered), a lease that
	 * expired meanwhile is taken again; before, it is only renewed, so a holder that stalled
	 * past its lease cannot win it back between another instance's refresh and its own last
	 * check.
	 */
	Disposable keepAlive(Held lease, BooleanSupplier retake) {
		Duration every = this.duration.dividedBy(3);
		return Flux.interval(every, every)
			.onBackpressureDrop()
			.concatMap(tick -> (retake.getAsBoolean() ? keep(lease) : renew(lease)).onErrorResume(ex -> Mono.just(false)))
			.subscribe();
	}

	Mono<Void> release(Held lease) {
		return this.redis
			.execute(RELEASE, List.of(key(lease.id())),
					List.of(bytes(lease.owner()), bytes(CHANNEL), bytes(lease.id().tag())))
			.onErrorMap(SessionStoreFailures::translate)
			.then()
			.doOnSuccess(done -> this.held.remove(lease));
	}

	/** Releases every lease this instance still holds (graceful shutdown); failures are left to expiry. */
	Mono<Void> releaseAll() {
		return Flux.fromIterable(List.copyOf(this.held))
			.flatMap(lease -> release(lease).onErrorResume(ex -> Mono.empty()))
			.then();
	}

	/** Whether some instance holds this session's lease. */
	Mono<Boolean> isHeld(SessionId id) {
		return this.redis.hasKey(key(id)).onErrorMap(SessionStoreFailures::translate);
	}

	int heldCount() {
		return this.held.size();
	}

	private Mono<Boolean> run(RedisScript<Long> script, Held lease, byte[] millis) {
		return this.redis.execute(script, List.of(key(lease.id())), List.of(bytes(lease.owner()), millis))
			.next()
			.onErrorMap(SessionStoreFailures::translate)
			.map(result -> result == 1L);
	}

	private static String key(SessionId id) {
		return id.key("lease");
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/** A lease this instance holds. */
	record Held(SessionId id, String owner) {
	}

}
