package dev.sessiongate.token.refresh;

import dev.sessiongate.session.Session;
import reactor.core.publisher.Mono;

/**
 * The outcome of a refresh as its waiters see it: the session to go on with, and
 * {@code stored}, which completes once that session is in Redis. The two differ only when
 * Redis failed right after the IdP rotated the tokens: the waiters then go on with the
 * new tokens from memory while the write is retried in the background (see
 * {@link RotatedTokenWriter}).
 */
record Refreshed(Session session, Mono<Void> stored, boolean fromMemory) {

	/** A session that is in Redis already (or needed no refresh). */
	static Refreshed stored(Session session) {
		return new Refreshed(session, Mono.empty(), false);
	}

	/** A session handed out from memory while {@code stored} writes it to Redis. */
	static Refreshed inMemory(Session session, Mono<Void> stored) {
		return new Refreshed(session, stored, true);
	}

}
