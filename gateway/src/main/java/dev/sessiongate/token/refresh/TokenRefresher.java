package dev.sessiongate.token.refresh;

import dev.sessiongate.session.Session;
import reactor.core.publisher.Mono;

/**
 * Keeps a session's access token usable. Concurrent callers for one session share one
 * refresh. Errors are the contract's: {@code session_expired} when the IdP rejected the
 * refresh token (the session is then gone), {@code identity_provider_unavailable} when
 * it could not be asked (the session is kept), {@code session_store_unavailable} when Redis
 * failed on the way (the session is kept).
 */
public interface TokenRefresher {

	/** The session with an access token that does not expire within the skew. */
	Mono<Session> ensureFresh(Session session);

	/**
	 * The session with an access token other than {@code rejectedAccessToken}, which an
	 * upstream refused: refreshed only if the session still holds the rejected token. Empty
	 * when the upstream's 401 should reach the client as it is (no refresh token, or tokens
	 * refreshed less than {@code sessiongate.refresh.min-token-age} ago).
	 */
	Mono<Session> replaceRejected(Session session, String rejectedAccessToken);

}
