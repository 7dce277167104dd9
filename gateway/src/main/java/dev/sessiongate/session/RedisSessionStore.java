package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.sessiongate.token.TokenSet;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Sessions as Redis hashes at {@code sg:{tag}:s}: the sealed secrets ({@code d}), the
 * version ({@code v}), last-seen and deadline times ({@code s}, {@code x}), and hashes of its
 * owners ({@code si}, {@code su}) that back-channel logout checks; sessions written before
 * format 3 also hold their creation time ({@code c}), which is sealed since. A read is one script call that also slides the idle timeout, writing only when
 * the last write is older than the touch interval. The absolute deadline is also sealed
 * (see {@link SessionSecrets}), and the sealed one is what counts.
 */
class RedisSessionStore implements SessionStore {

	private static final Log logger = LogFactory.getLog(RedisSessionStore.class);

	private static final RedisScript<List> READ = RedisScripts.load("session_read", List.class);

	private static final RedisScript<Long> CREATE = RedisScripts.load("session_create", Long.class);

	private static final RedisScript<Long> UPDATE = RedisScripts.load("session_update", Long.class);

	private static final RedisScript<Long> END = RedisScripts.load("session_end", Long.class);

	private static final RedisScript<Long> TOUCH = RedisScripts.load("session_touch", Long.class);

	/** How long a request that still carries an ended session's cookie can learn why it ended. */
	private static final Duration TOMBSTONE_LIFE = Duration.ofMinutes(10);

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final TokenSeal seal;

	private final SessionProperties properties;

	private final Clock clock;

	private final SessionEvents events;

	private final SessionIndexes indexes;

	private final byte[] idleMillis;

	private final byte[] touchMillis;

	RedisSessionStore(ReactiveRedisTemplate<String, byte[]> redis, TokenSeal seal, SessionProperties properties,
			Clock clock, MeterRegistry meters) {
		this.redis = redis;
		this.seal = seal;
		this.properties = properties;
		this.clock = clock;
		this.events = new SessionEvents(meters);
		this.indexes = new SessionIndexes(redis, properties.absoluteTimeout(), clock);
		this.idleMillis = number(properties.idleTimeout().toMillis());
		this.touchMillis = number(properties.touchInterval().toMillis());
	}

	static String key(SessionId id) {
		return id.key("s");
	}

	static String key(String tag) {
		return "sg:{" + tag + "}:s";
	}

	@Override
	@SuppressWarnings("unchecked")
	public Mono<Session> find(SessionId id) {
		long now = this.clock.millis();
		return this.redis.execute(READ, List.of(key(id)), List.of(number(now), this.idleMillis, this.touchMillis, SessionChange.CHANNEL_BYTES))
			.next()
			.onErrorMap(SessionStoreFailures::translate)
			.flatMap(fields -> decode(id, (List<byte[]>) fields, now));
	}

	@Override
	public Mono<Session> create(SessionId id, String subject, String sid, String claimsJson, TokenSet tokens) {
		Instant now = this.clock.instant();
		Instant deadline = now.plus(this.properties.absoluteTimeout());
		byte[] sealed = this.seal.seal(id,
				new SessionSecrets(subject, claimsJson, tokens, now, now, deadline).toBytes());
		SessionOwner bySid = (sid != null) ? SessionOwner.sid(sid) : null;
		SessionOwner bySubject = SessionOwner.subject(subject);
		List<byte[]> args = List.of(sealed, number(now.toEpochMilli()), number(deadline.toEpochMilli()),
				this.idleMillis, ascii((bySid != null) ? bySid.hash() : ""), ascii(bySubject.hash()));
		List<SessionOwner> owners = (bySid != null) ? List.of(bySid, bySubject) : List.of(bySubject);
		// Indexes first: a live session is then always listed (see SessionIndexes).
		return this.indexes.add(id, owners)
			.then(this.redis.execute(CREATE, List.of(key(id)), args).next())
			.onErrorMap(SessionStoreFailures::translate)
			.filter(created -> created == 1L)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("session id collision")))
			.doOnNext(created -> this.events.created())
			.thenReturn(new Session(id, 1, subject, claimsJson, tokens, now, now, deadline));
	}

	@Override
	public Mono<Long> endAllOfSid(String sid, SessionEndReason reason) {
		return endAll(SessionOwner.sid(sid), reason);
	}

	@Override
	public Mono<Long> endAllOfSubject(String subject, SessionEndReason reason) {
		return endAll(SessionOwner.subject(subject), reason);
	}

	private Mono<Long> endAll(SessionOwner owner, SessionEndReason reason) {
		return this.indexes.endAll(owner)
			.onErrorMap(SessionStoreFailures::translate)
			.doOnNext(ended -> {
				for (long i = 0; i < ended; i++) {
					this.events.ended(reason);
				}
			});
	}

	@Override
	public Mono<Session> updateTokens(Session current, TokenSet tokens) {
		Instant obtainedAt = this.clock.instant();
		String claims = IdTokenClaims.after(current.claimsJson(), current.tokens().idToken(), tokens.idToken());
		byte[] sealed = this.seal.seal(current.id(), new SessionSecrets(current.subject(), claims, tokens,
				current.createdAt(), obtainedAt, current.expiresAt())
			.toBytes());
		return this.redis
			.execute(UPDATE, List.of(key(current.id())),
					List.of(number(current.version()), sealed, SessionChange.CHANNEL_BYTES))
			.next()
			.onErrorMap(SessionStoreFailures::translate)
			.filter(version -> version > 0)
			.map(version -> current.withTokens(tokens, obtainedAt, claims));
	}

	@Override
	public Mono<Boolean> delete(SessionId id, SessionEndReason reason) {
		// Only an IdP's refusal leaves a tombstone: a logout's cookie is cleared in the same answer.
		String tombstone = (reason == SessionEndReason.INVALID_GRANT) ? reason.tag() : "";
		return this.redis
			.execute(END, List.of(key(id), tombstoneKey(id)),
					List.of(ascii(tombstone), number(TOMBSTONE_LIFE.toMillis()), SessionChange.CHANNEL_BYTES))
			.next()
			.onErrorMap(SessionStoreFailures::translate)
			.map(count -> count > 0)
			.doOnNext(deleted -> {
				if (deleted) {
					this.events.ended(reason);
				}
			});
	}

	@Override
	public Mono<Instant> touch(SessionId id, Instant seenAt) {
		List<byte[]> args = List.of(number(seenAt.toEpochMilli()), number(this.clock.millis()), this.idleMillis);
		return this.redis.execute(TOUCH, List.of(key(id)), args)
			.next()
			.onErrorMap(SessionStoreFailures::translate)
			.filter(stored -> stored >= 0)
			.map(Instant::ofEpochMilli);
	}

	@Override
	public Mono<SessionEndReason> endedBecause(SessionId id) {
		return this.redis.opsForValue()
			.get(tombstoneKey(id))
			.onErrorMap(SessionStoreFailures::translate)
			.map(reason -> new String(reason, StandardCharsets.US_ASCII))
			.filter(SessionEndReason.INVALID_GRANT.tag()::equals)
			.map(reason -> SessionEndReason.INVALID_GRANT);
	}

	private Mono<Session> decode(SessionId id, List<byte[]> fields, long now) {
		if (fields.size() == 1) {
			this.events.ended(SessionEndReason.EXPIRED);
			return Mono.empty();
		}
		if (fields.size() != 5) {
			return Mono.empty();
		}
		byte[] secrets = this.seal.open(id, fields.get(0));
		if (secrets == null) {
			// No configured key opens it: the key was retired, or the value was tampered with.
			logger.warn("Session " + id + " could not be opened with the configured sealing keys; treating it as absent");
			return Mono.empty();
		}
		// Formats 1 and 2 keep the creation time in the hash ('c'); format 3 seals it.
		Instant storedAt = (fields.get(2) != null) ? Instant.ofEpochMilli(parse(fields.get(2))) : null;
		SessionSecrets opened = SessionSecrets.fromBytes(secrets, storedAt);
		if (opened == null) {
			// A format from a newer gateway (rolling upgrade), or a value cut short.
			logger.warn("Session " + id + " is in a format this version cannot read; treating it as absent");
			return Mono.empty();
		}
		// The sealed deadline wins over the hash's: a writer to Redis can move x, not the seal.
		Instant deadline = (opened.deadline() != null) ? opened.deadline() : Instant.ofEpochMilli(parse(fields.get(4)));
		if (now >= deadline.toEpochMilli()) {
			return Mono.empty();
		}
		return Mono.just(new Session(id, parse(fields.get(1)), opened.subject(), opened.claimsJson(), opened.tokens(),
				opened.createdAt(), Instant.ofEpochMilli(parse(fields.get(3))), deadline, opened.tokensObtainedAt()));
	}

	private static String tombstoneKey(SessionId id) {
		return id.key("e");
	}

	private static byte[] number(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] ascii(String value) {
		return value.getBytes(StandardCharsets.US_ASCII);
	}

	private static long parse(byte[] number) {
		return Long.parseLong(new String(number, StandardCharsets.US_ASCII));
	}

}
