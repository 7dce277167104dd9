package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Indexes from a session's owners ({@code sid}, {@code sub}) to its tag, for back-channel
 * logout. An index is a sorted set (tag scored by listing time) in its own hash slot, so it
 * cannot change in one script with the session (Redis Cluster). Entries are therefore
 * added <em>before</em> the session is created: a live session is always listed, while an
 * entry may outlive its session. Such a stale entry is harmless, because a session is
 * ended only when its own owner field still matches, and it is dropped when the index is
 * read. An entry without a session is dropped only after {@link #CREATION_GRACE}, since
 * it may belong to a login that is creating its session right now.
 */
final class SessionIndexes {

	private static final RedisScript<Long> ADD = RedisScripts.load("session_index_add", Long.class);

	private static final RedisScript<Long> END_IF_OWNED = RedisScripts.load("session_end_if_owned", Long.class);

	/** Above this many entries an index is swept of ended sessions when a login adds to it. */
	private static final long SWEEP_ABOVE = 16;

	private static final Duration MARGIN = Duration.ofMinutes(5);

	private static final Duration CREATION_GRACE = Duration.ofMinutes(1);

	private static final long GONE = -1;

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final Clock clock;

	private final byte[] ttlMillis;

	SessionIndexes(ReactiveRedisTemplate<String, byte[]> redis, Duration absoluteTimeout, Clock clock) {
		this.redis = redis;
		this.clock = clock;
		this.ttlMillis = ascii(Long.toString(absoluteTimeout.plus(MARGIN).toMillis()));
	}

	/** Lists {@code id} under each owner, sweeping indexes that have grown. */
	Mono<Void> add(SessionId id, List<SessionOwner> owners) {
		return Flux.fromIterable(owners)
			.concatMap(owner -> list(id, owner)
				.filter(size -> size > SWEEP_ABOVE)
				.flatMap(size -> sweep(owner)))
			.then();
	}

	/** Ends every session listed under {@code owner} that still belongs to it; emits how many. */
	Mono<Long> endAll(SessionOwner owner) {
		long settled = this.clock.millis() - CREATION_GRACE.toMillis();
		return entries(owner)
			.concatMap(entry -> endIfOwned(tag(entry), owner)
				.filter(outcome -> outcome != GONE || entry.getScore() < settled)
				.flatMap(outcome -> forget(owner, tag(entry)).thenReturn(outcome)))
			.filter(outcome -> outcome == 1L)
			.count();
	}

	private Mono<Long> list(SessionId id, SessionOwner owner) {
		List<byte[]> args = List.of(ascii(id.tag()), ascii(Long.toString(this.clock.millis())), this.ttlMillis);
		return this.redis.execute(ADD, List.of(owner.indexKey()), args).next();
	}

	private Mono<Void> sweep(SessionOwner owner) {
		long settled = this.clock.millis() - CREATION_GRACE.toMillis();
		return this.redis.opsForZSet()
			.rangeByScore(owner.indexKey(), Range.closed(Double.NEGATIVE_INFINITY, (double) settled))
			.map(SessionIndexes::tag)
			.concatMap(tag -> this.redis.hasKey(RedisSessionStore.key(tag))
				.filter(exists -> !exists)
				.flatMap(gone -> forget(owner, tag)))
			.then();
	}

	private Flux<TypedTuple<byte[]>> entries(SessionOwner owner) {
		return this.redis.opsForZSet().rangeWithScores(owner.indexKey(), Range.closed(0L, -1L));
	}

	private Mono<Long> endIfOwned(String tag, SessionOwner owner) {
		List<byte[]> expected = List.of(ascii(owner.field()), ascii(owner.hash()), SessionChange.CHANNEL_BYTES);
		return this.redis.execute(END_IF_OWNED, List.of(RedisSessionStore.key(tag)), expected).next();
	}

	private Mono<Long> forget(SessionOwner owner, String tag) {
		return this.redis.opsForZSet().remove(owner.indexKey(), (Object) ascii(tag));
	}

	private static String tag(TypedTuple<byte[]> entry) {
		return tag(entry.getValue());
	}

	private static String tag(byte[] value) {
		return new String(value, StandardCharsets.US_ASCII);
	}

	private static byte[] ascii(String value) {
		return value.getBytes(StandardCharsets.US_ASCII);
	}

}
