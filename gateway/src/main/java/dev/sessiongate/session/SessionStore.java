package dev.sessiongate.session;

import dev.sessiongate.token.TokenSet;
import reactor.core.publisher.Mono;

/**
 * Sessions, kept in Redis. Failures to reach the store surface as
 * {@code session_store_unavailable}. Every read, update and end of a session goes through
 * this interface, so a caching decorator can stand in front of it.
 */
public interface SessionStore {

	/** The live session, or empty when there is none (unknown, ended, timed out). */
	Mono<Session> find(SessionId id);

	/**
	 * Stores a new session for a freshly issued id, listed under its subject and, when
	 * given, the IdP's session id {@code sid}, so that a back-channel logout finds it.
	 */
	Mono<Session> create(SessionId id, String subject, String sid, String claimsJson, TokenSet tokens);

	/** Stores a new session without an IdP session id. */
	default Mono<Session> create(SessionId id, String subject, String claimsJson, TokenSet tokens) {
		return create(id, subject, null, claimsJson, tokens);
	}

	/** Ends every session of the IdP session {@code sid}; emits how many ended. */
	Mono<Long> endAllOfSid(String sid, SessionEndReason reason);

	/** Ends every session of the user {@code subject}; emits how many ended. */
	Mono<Long> endAllOfSubject(String subject, SessionEndReason reason);

	/**
	 * Replaces the tokens of {@code current} if the stored session is still at
	 * {@code current}'s version. Empty when another update came first or the session is
	 * gone: the caller reads again.
	 */
	Mono<Session> updateTokens(Session current, TokenSet tokens);

	/**
	 * Ends a session; true when there was one. An end for {@link SessionEndReason#INVALID_GRANT}
	 * is remembered for a while, see {@link #endedBecause(SessionId)}.
	 */
	Mono<Boolean> delete(SessionId id, SessionEndReason reason);

	/**
	 * Why a session that is gone ended, when it is worth telling the client (the IdP refused
	 * its refresh token, on any instance); empty otherwise.
	 */
	Mono<SessionEndReason> endedBecause(SessionId id);

}
