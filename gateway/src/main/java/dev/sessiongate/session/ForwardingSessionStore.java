package dev.sessiongate.session;

import java.time.Instant;

import dev.sessiongate.token.TokenSet;
import reactor.core.publisher.Mono;

/**
 * A {@link SessionStore} that hands every call to another one: a decorator (the near cache)
 * overrides only what it changes.
 */
public abstract class ForwardingSessionStore implements SessionStore {

	private final SessionStore store;

	protected ForwardingSessionStore(SessionStore store) {
		this.store = store;
	}

	protected final SessionStore store() {
		return this.store;
	}

	@Override
	public Mono<Session> find(SessionId id) {
		return this.store.find(id);
	}

	@Override
	public Mono<Session> findCurrent(SessionId id) {
		return this.store.findCurrent(id);
	}

	@Override
	public Mono<Session> create(SessionId id, String subject, String sid, String claimsJson, TokenSet tokens) {
		return this.store.create(id, subject, sid, claimsJson, tokens);
	}

	@Override
	public Mono<Long> endAllOfSid(String sid, SessionEndReason reason) {
		return this.store.endAllOfSid(sid, reason);
	}

	@Override
	public Mono<Long> endAllOfSubject(String subject, SessionEndReason reason) {
		return this.store.endAllOfSubject(subject, reason);
	}

	@Override
	public Mono<Session> updateTokens(Session current, TokenSet tokens) {
		return this.store.updateTokens(current, tokens);
	}

	@Override
	public Mono<Boolean> delete(SessionId id, SessionEndReason reason) {
		return this.store.delete(id, reason);
	}

	@Override
	public Mono<Instant> touch(SessionId id, Instant seenAt) {
		return this.store.touch(id, seenAt);
	}

	@Override
	public Mono<SessionEndReason> endedBecause(SessionId id) {
		return this.store.endedBecause(id);
	}

}
