package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.observability.FailureLog;
import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.token.TokenSet;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Sessions as Redis hashes at {@code sg:{tag}:s}: the sealed secrets ({@code d}), the
 * version ({@code v}), created, last-seen and deadline times ({@code c}, {@code s},
 * {@code x}), and hashes of its owners ({@code si}, {@code su}) that back-channel logout
 * checks. A read is one script call that also slides the idle timeout, writing only when
 * the last write is older than the touch interval.
 */
class RedisSessionStore implements SessionStore {

	private static final Log logger = LogFactory.getLog(RedisSessionStore.class);

	private static final RedisScript<List> READ = RedisScripts.load("session_read", List.class);

	private static final RedisScript<Long> CREATE = RedisScripts.load("session_create", Long.class);

	private static final RedisScript<Long> UPDATE = RedisScripts.load("session_update", Long.class);

	private static final Duration MAX_TOUCH_INTERVAL = Duration.ofMinutes(1);

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
		// Write last-seen at most every tenth of the idle timeout (and at least every minute).
		Duration touch = properties.idleTimeout().dividedBy(10);
		this.touchMillis = number(Math.min(touch.toMillis(), MAX_TOUCH_INTERVAL.toMillis()));
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
		return this.redis.execute(READ, List.of(key(id)), List.of(number(now), this.idleMillis, this.touchMillis))
			.next()
			.onErrorMap(RedisSessionStore::unavailable)
			.flatMap(fields -> decode(id, (List<byte[]>) fields));
	}

	@Override
	public Mono<Session> create(SessionId id, String subject, String sid, String claimsJson, TokenSet tokens) {
		Instant now = this.clock.instant();
		Instant deadline = now.plus(this.properties.absoluteTimeout());
		byte[] sealed = this.seal.seal(id, new SessionSecrets(subject, claimsJson, tokens).toBytes());
		SessionOwner bySid = (sid != null) ? SessionOwner.sid(sid) : null;
		SessionOwner bySubject = SessionOwner.subject(subject);
		List<byte[]> args = List.of(sealed, number(now.toEpochMilli()), number(deadline.toEpochMilli()),
				this.idleMillis, ascii((bySid != null) ? bySid.hash() : ""), ascii(bySubject.hash()));
		List<SessionOwner> owners = (bySid != null) ? List.of(bySid, bySubject) : List.of(bySubject);
		// Indexes first: a live session is then always listed (see SessionIndexes).
		return this.indexes.add(id, owners)
			.then(this.redis.execute(CREATE, List.of(key(id)), args).next())
			.onErrorMap(RedisSessionStore::unavailable)
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
			.onErrorMap(RedisSessionStore::unavailable)
			.doOnNext(ended -> {
				for (long i = 0; i < ended; i++) {
					this.events.ended(reason);
				}
			});
	}

	@Override
	public Mono<Session> updateTokens(Session current, TokenSet tokens) {
		byte[] sealed = this.seal.seal(current.id(),
				new SessionSecrets(current.subject(), current.claimsJson(), tokens).toBytes());
		return this.redis.execute(UPDATE, List.of(key(current.id())), List.of(number(current.version()), sealed))
			.next()
			.onErrorMap(RedisSessionStore::unavailable)
			.filter(version -> version > 0)
			.map(version -> current.withTokens(tokens));
	}

	@Override
	public Mono<Boolean> delete(SessionId id, SessionEndReason reason) {
		return this.redis.delete(key(id))
			.onErrorMap(RedisSessionStore::unavailable)
			.map(count -> count > 0)
			.doOnNext(deleted -> {
				if (deleted) {
					this.events.ended(reason);
				}
			});
	}

	private Mono<Session> decode(SessionId id, List<byte[]> fields) {
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
		SessionSecrets opened = SessionSecrets.fromBytes(secrets);
		return Mono.just(new Session(id, parse(fields.get(1)), opened.subject(), opened.claimsJson(), opened.tokens(),
				Instant.ofEpochMilli(parse(fields.get(2))), Instant.ofEpochMilli(parse(fields.get(3))),
				Instant.ofEpochMilli(parse(fields.get(4)))));
	}

	/** Redis failures become {@code session_store_unavailable}; anything else is a defect and stays as it is. */
	private static Throwable unavailable(Throwable failure) {
		if (!(failure instanceof DataAccessException || failure instanceof RedisException)) {
			return failure;
		}
		FailureLog.SESSION_STORE.record(RedisSessionStore.class, failure.getClass().getSimpleName());
		return GatewayError.SESSION_STORE_UNAVAILABLE.exception("The session store could not be reached");
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
