package dev.sessiongate.session.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.sessiongate.session.ForwardingSessionStore;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionChange;
import dev.sessiongate.session.SessionEndReason;
import dev.sessiongate.session.SessionId;
import dev.sessiongate.session.SessionProperties;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenSet;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Opened sessions kept in memory in front of the Redis store, keyed by the session's tag: a
 * hot session costs no Redis round trip and no unsealing. Nothing is served past its absolute
 * deadline, nor near the moment Redis could let it idle out; every change on any instance
 * evicts it here (see {@link InvalidationChannel}), and while that channel is lost the cache
 * is bypassed altogether. Requests served from memory slide the idle timeout in the
 * background ({@link IdleSlides}).
 *
 * <p>Sessions ended through their owner (back-channel logout) are known by tag in Redis
 * only: the scripts that end them announce each end, here as everywhere, and the ones held
 * here that belong to that owner are let go as soon as Redis has ended them, so this
 * instance's next request does not race the announcement.
 *
 * <p>Reads that decide a refresh ({@link #findCurrent}) always ask Redis: another instance
 * may have rotated the tokens a moment ago, and acting on the copy here would present a
 * refresh token the IdP has already replaced.
 */
final class NearCacheSessionStore extends ForwardingSessionStore implements InvalidationChannel.Listener {

	private final Cache<String, CachedSession> cache;

	private final FillGuard guard;

	private final NearCacheMetrics metrics;

	private final IdleSlides slides;

	private final Clock clock;

	private final long idleMillis;

	private final long marginMillis;

	NearCacheSessionStore(SessionStore store, SessionProperties.NearCache properties, Duration idleTimeout,
			Duration touchInterval, Clock clock, MeterRegistry meters) {
		super(store);
		this.clock = clock;
		this.idleMillis = idleTimeout.toMillis();
		// Redis' last-seen lags the truth by up to a touch interval; stay that far from its expiry.
		this.marginMillis = touchInterval.toMillis();
		this.guard = new FillGuard(Math.max(10_000, properties.maxEntries() * 10));
		this.cache = Caffeine.newBuilder()
			.maximumSize(properties.maxEntries())
			// A safety net only: a lost change would otherwise be served until the session ends.
			.expireAfterWrite(properties.ttl())
			.removalListener((String tag, CachedSession cached, RemovalCause cause) -> {
				if (cause == RemovalCause.SIZE) {
					this.metrics().evicted(EvictionCause.SIZE);
				}
				else if (cause == RemovalCause.EXPIRED) {
					this.metrics().evicted(EvictionCause.TTL);
				}
			})
			.build();
		this.metrics = new NearCacheMetrics(meters, this.cache::estimatedSize);
		this.slides = new IdleSlides(store, touchInterval, cached -> evict(cached, EvictionCause.GONE));
	}

	IdleSlides slides() {
		return this.slides;
	}

	private NearCacheMetrics metrics() {
		return this.metrics;
	}

	/** Lazy like any Mono: a caller that repeats it (after a lost update, say) must look again. */
	@Override
	public Mono<Session> find(SessionId id) {
		return Mono.defer(() -> lookUp(id));
	}

	private Mono<Session> lookUp(SessionId id) {
		if (!this.guard.trusted()) {
			this.metrics.miss();
			return store().find(id);
		}
		CachedSession cached = this.cache.getIfPresent(id.tag());
		if (cached == null) {
			this.metrics.miss();
			return fill(id);
		}
		long now = this.clock.millis();
		if (cached.servableAt(now, this.idleMillis, this.marginMillis)) {
			this.metrics.hit();
			this.slides.seen(cached, now);
			return Mono.just(cached.session());
		}
		this.metrics.miss();
		evict(cached, EvictionCause.DEADLINE);
		// Redis first hears of the requests served from memory, then says whether the session idled out.
		return this.slides.slideNow(cached).then(fill(id));
	}

	/** Not a request's lookup: the refresh's re-read, observed by the refresh's span. */
	@Override
	public Mono<Session> findCurrent(SessionId id) {
		return fill(id, store()::findCurrent);
	}

	/** A request's lookup that reaches Redis (and its span, see {@code ObservedSessionStore}). */
	private Mono<Session> fill(SessionId id) {
		return fill(id, store()::find);
	}

	/** Reads Redis and keeps what it read, unless a change raced the read (see {@link FillGuard}). */
	private Mono<Session> fill(SessionId id, Function<SessionId, Mono<Session>> read) {
		return Mono.defer(() -> {
			FillGuard.Ticket ticket = this.guard.begin(id.tag());
			return read.apply(id)
				.doOnNext(session -> admit(ticket, session))
				.switchIfEmpty(Mono.fromRunnable(() -> forget(id.tag(), SessionChange.ENDED, EvictionCause.GONE)));
		});
	}

	private void admit(FillGuard.Ticket ticket, Session session) {
		if (!this.guard.admits(ticket, session.version())) {
			return;
		}
		CachedSession entry = new CachedSession(session, session.lastSeenAt().toEpochMilli(), this.clock.millis());
		CachedSession kept = this.cache.asMap()
			.merge(ticket.tag(), entry,
					(held, read) -> (read.version() >= held.version()) ? held.succeededBy(read) : held);
		// Asked again after the put: a change heard in between has fenced this read, or evicts it now.
		if (kept == entry && !this.guard.admits(ticket, session.version())) {
			this.cache.asMap().remove(ticket.tag(), entry);
		}
	}

	@Override
	public Mono<Session> create(SessionId id, String subject, String sid, String claimsJson, TokenSet tokens) {
		return Mono.defer(() -> {
			FillGuard.Ticket ticket = this.guard.begin(id.tag());
			return store().create(id, subject, sid, claimsJson, tokens).doOnNext(session -> admit(ticket, session));
		});
	}

	/**
	 * The refreshing instance keeps the new tokens before its waiters go on; the script that
	 * stored them tells every other instance to let the old ones go.
	 */
	@Override
	public Mono<Session> updateTokens(Session current, TokenSet tokens) {
		String tag = current.id().tag();
		return Mono.defer(() -> {
			FillGuard.Ticket ticket = this.guard.begin(tag);
			return store().updateTokens(current, tokens)
				.doOnNext(updated -> admit(ticket, updated))
				// Another writer came first: what this instance holds is older than Redis (the
				// writer's announcement fences reads in flight).
				.switchIfEmpty(Mono.fromRunnable(() -> forget(tag, current.version() + 1, EvictionCause.CHANGED)));
		});
	}

	/**
	 * Lets go before the end is signalled on (not after, as {@code doFinally} would): the
	 * logout's answer may reach the client, and its next request this instance, first.
	 */
	@Override
	public Mono<Boolean> delete(SessionId id, SessionEndReason reason) {
		Runnable forget = () -> forget(id.tag(), SessionChange.ENDED, EvictionCause.ENDED);
		return store().delete(id, reason).doOnTerminate(forget).doOnCancel(forget);
	}

	@Override
	public Mono<Long> endAllOfSid(String sid, SessionEndReason reason) {
		// The sid is among the ID token's claims; a session merely mentioning it is let go too, which costs one read.
		String quoted = '"' + sid + '"';
		return store().endAllOfSid(sid, reason)
			.doOnTerminate(() -> forgetAll(session -> session.claimsJson().contains(quoted)));
	}

	@Override
	public Mono<Long> endAllOfSubject(String subject, SessionEndReason reason) {
		return store().endAllOfSubject(subject, reason)
			.doOnTerminate(() -> forgetAll(session -> subject.equals(session.subject())));
	}

	/** Back-channel logouts are rare: a look at every session held is cheap enough. */
	private void forgetAll(Predicate<Session> owned) {
		for (CachedSession held : this.cache.asMap().values()) {
			if (owned.test(held.session())) {
				forget(held.tag(), SessionChange.ENDED, EvictionCause.ENDED);
			}
		}
	}

	@Override
	public void lost() {
		if (this.guard.distrust()) {
			long dropped = this.cache.estimatedSize();
			this.cache.invalidateAll();
			this.metrics.evicted(EvictionCause.DISCONNECTED, dropped);
		}
	}

	@Override
	public void heard() {
		this.guard.trust();
	}

	@Override
	public void changed(SessionChange change) {
		this.metrics.heard(change.changedAtMicros());
		forget(change.tag(), change.version(), change.ended() ? EvictionCause.ENDED : EvictionCause.CHANGED);
	}

	/**
	 * Lets go of what is held for {@code tag} if older than {@code version}, and keeps reads
	 * already in flight from bringing an older one back.
	 */
	private void forget(String tag, long version, EvictionCause cause) {
		this.guard.fence(tag, version);
		for (CachedSession held = this.cache.getIfPresent(tag); held != null
				&& held.version() < version; held = this.cache.getIfPresent(tag)) {
			evict(held, cause);
		}
	}

	private void evict(CachedSession cached, EvictionCause cause) {
		if (this.cache.asMap().remove(cached.tag(), cached)) {
			this.metrics.evicted(cause);
		}
	}

}
