package dev.sessiongate.session;

import java.time.Instant;

import dev.sessiongate.token.TokenSet;
import reactor.core.publisher.Mono;

/**
 * Sessions, kept in Redis. Failures to reach the store surface as
 * {@code session_store_unavailable}. Every read, update and end of a session goes through
 * this interface, so a caching decorator can stand in front of it.
 */
public interface SessionStore {

	/**
	 * The live session, or empty when there is none (unknown, ended, timed out). May be served
	 * from memory: another instance's change is seen within the invalidation lag (see
	 * {@link SessionChange}).
	 */
	Mono<Session> find(SessionId id);

	/**
	 * The live session as Redis holds it now, never a copy in memory: for the decisions a copy
	 * another instance replaced a moment ago would get wrong (is a refresh still needed, did
	 * another writer come first).
	 */
	default Mono<Session> findCurrent(SessionId id) {
		return find(id);
	}

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
	 * Slides the idle timeout for a use of the session at {@code seenAt} that was served
	 * without reading the store (never past the absolute deadline). Emits the last-seen time
	 * now stored; empty when the session is gone or had already timed out.
	 */
	Mono<Instant> touch(SessionId id, Instant seenAt);

	/**
	 * Why a session that is gone ended, when it is worth telling the client (the IdP refused
	 * its refresh token, on any instance); empty otherwise.
	 */
	Mono<SessionEndReason> endedBecause(SessionId id);

}
