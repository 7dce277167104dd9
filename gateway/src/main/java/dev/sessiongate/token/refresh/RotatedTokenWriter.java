package dev.sessiongate.token.refresh;

import java.time.Clock;
import java.time.Duration;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.session.SessionStoreFailures;
import dev.sessiongate.token.TokenSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Stores the tokens a refresh obtained. Once the IdP has rotated the refresh token, the
 * tokens in memory are the only copy of a live refresh token anywhere, so a Redis failure
 * must not drop them: the version-checked write is retried with jittered, capped backoff
 * for {@code sessiongate.refresh.store-retry}, while the caller keeps the lease.
 *
 * <p>How "the new refresh token replaces the old one atomically before any waiting
 * request goes on" (CONTRACT section 5) holds while Redis is down: the waiters get the
 * new session from memory after the first write failed, and go on with the new access
 * token. No request anywhere can read the old refresh token meanwhile, since every
 * session read fails with {@code 503 session_store_unavailable} until Redis is back; the
 * lease (kept, or taken again when Redis returns) keeps other instances from refreshing,
 * and in this instance the refresh stays in flight, so a request of the session that finds
 * the old tokens joins it and gets the new ones. The replacement in Redis is the first
 * thing that happens to the session once Redis answers, up to one retry interval
 * ({@link #MAX_BACKOFF}) after it returns.
 */
final class RotatedTokenWriter {

	private static final Log logger = LogFactory.getLog(RotatedTokenWriter.class);

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	/** Short, so the write lands soon after Redis returns, before others act on the old tokens. */
	private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

	private final SessionStore store;

	private final Duration storeRetry;

	private final Clock clock;

	RotatedTokenWriter(SessionStore store, Duration storeRetry, Clock clock) {
		this.store = store;
		this.storeRetry = storeRetry;
		this.clock = clock;
	}

	/**
	 * The refreshed session once stored, or at once (from memory) when the first write found
	 * Redis unavailable; the write then goes on in {@link Refreshed#stored()}.
	 */
	Mono<Refreshed> store(Session current, TokenSet refreshed) {
		Mono<Session> write = write(current, refreshed);
		return write.map(Refreshed::stored)
			.onErrorResume(SessionStoreFailures::isUnavailable, failure -> Mono.fromSupplier(() -> {
				Mono<Void> stored = retried(current, write);
				stored.subscribe();
				return Refreshed.inMemory(current.withTokens(refreshed, this.clock.instant()), stored);
			}));
	}

	private Mono<Session> write(Session current, TokenSet refreshed) {
		return this.store.updateTokens(current, refreshed)
			// Another writer came first (or an earlier try landed and only its answer was lost):
			// what is stored now is at least as new as what we hold.
			.switchIfEmpty(Mono.defer(() -> this.store.findCurrent(current.id())))
			.switchIfEmpty(Mono.error(() -> GatewayError.UNAUTHENTICATED.exception("The session has ended")));
	}

	private Mono<Void> retried(Session current, Mono<Session> write) {
		return write
			.retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF)
				.maxBackoff(MAX_BACKOFF)
				.jitter(0.5)
				.filter(SessionStoreFailures::isUnavailable))
			.timeout(this.storeRetry)
			.doOnNext(stored -> logger.info("Rotated tokens of " + current.id() + " stored after a session store outage"))
			.doOnError(failure -> logger.error("Rotated tokens of " + current.id() + " could not be stored within "
					+ this.storeRetry + " (" + failure.getClass().getSimpleName()
					+ "): the session needs a new sign-in once its access token expires"))
			.onErrorResume(failure -> Mono.empty())
			.then()
			.cache();
	}

}
