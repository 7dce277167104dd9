package dev.sessiongate.token.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.sessiongate.session.RedisScripts;
import dev.sessiongate.session.SessionId;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis lease that lets one gateway instance at a time refresh a session:
 * {@code SET sg:{tag}:lease <owner> NX PX}, renewed by its owner while the refresh runs,
 * released by compare-and-delete, which also notifies waiting instances. The lease
 * shares the session's hash tag, so each script touches one slot.
 */
final class RefreshLease {

	/** Pub/sub channel on which a released lease names its session's tag. */
	static final String CHANNEL = "sg:refreshed";

	private static final RedisScript<Long> RENEW = RedisScripts.load("lease_renew", Long.class);

	private static final RedisScript<Long> RELEASE = RedisScripts.load("lease_release", Long.class);

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final Duration duration;

	RefreshLease(ReactiveRedisTemplate<String, byte[]> redis, Duration duration) {
		this.redis = redis;
		this.duration = duration;
	}

	/** The lease for this session, or empty when another instance holds it. */
	Mono<Held> acquire(SessionId id) {
		Held lease = new Held(id, UUID.randomUUID().toString());
		return this.redis.opsForValue()
			.setIfAbsent(key(id), bytes(lease.owner()), this.duration)
			.filter(Boolean::booleanValue)
			.map(acquired -> lease);
	}

	/** Extends the lease; false when it was lost (expired and perhaps taken by another instance). */
	Mono<Boolean> renew(Held lease) {
		return this.redis
			.execute(RENEW, List.of(key(lease.id())),
					List.of(bytes(lease.owner()), bytes(Long.toString(this.duration.toMillis()))))
			.next()
			.map(renewed -> renewed == 1L);
	}

	Mono<Void> release(Held lease) {
		return this.redis
			.execute(RELEASE, List.of(key(lease.id())),
					List.of(bytes(lease.owner()), bytes(CHANNEL), bytes(lease.id().tag())))
			.then();
	}

	/** Whether some instance holds this session's lease. */
	Mono<Boolean> isHeld(SessionId id) {
		return this.redis.hasKey(key(id));
	}

	Duration duration() {
		return this.duration;
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
