package dev.sessiongate.session;

import dev.sessiongate.token.TokenSet;
import reactor.core.publisher.Mono;

/**
 * Sessions, kept in Redis. Failures to reach the store surface as
 * {@code session_store_unavailable}.
 */
public interface SessionStore {

	/** The live session, or empty when there is none (unknown, ended, timed out). */
	Mono<Session> find(SessionId id);

	/** Stores a new session for a freshly issued id. */
	Mono<Session> create(SessionId id, String subject, String claimsJson, TokenSet tokens);

	/**
	 * Replaces the tokens of {@code current} if the stored session is still at
	 * {@code current}'s version. Empty when another update came first or the session is
	 * gone: the caller reads again.
	 */
	Mono<Session> updateTokens(Session current, TokenSet tokens);

	/** Ends a session; true when there was one. */
	Mono<Boolean> delete(SessionId id, SessionEndReason reason);

}
