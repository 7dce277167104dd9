package dev.sessiongate.session;

import dev.sessiongate.error.GatewayError;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the session a request's cookie names: no cookie, a malformed one, or one whose
 * session ended all answer {@code 401 unauthenticated}; a session the IdP ended (its
 * refresh token refused, perhaps on another instance) answers {@code 401 session_expired}.
 */
@Component
public class SessionResolver {

	private final SessionCookie cookie;

	private final SessionStore store;

	public SessionResolver(SessionCookie cookie, SessionStore store) {
		this.cookie = cookie;
		this.store = store;
	}

	/**
	 * The request's live session, or an {@code unauthenticated} error. Traced and timed only
	 * when the lookup reads Redis (see {@link ObservedSessionStore}).
	 */
	public Mono<Session> require(ServerWebExchange exchange) {
		return Mono.justOrEmpty(this.cookie.read(exchange.getRequest()))
			.flatMap(id -> this.store.find(id).switchIfEmpty(Mono.defer(() -> ended(id))))
			.switchIfEmpty(Mono.error(() -> GatewayError.UNAUTHENTICATED.exception("No live session: sign in")));
	}

	/** Asked only when a cookie names no live session, so a live session costs nothing extra. */
	private Mono<Session> ended(SessionId id) {
		return this.store.endedBecause(id)
			.flatMap(reason -> Mono.error(GatewayError.SESSION_EXPIRED
				.exception("The identity provider ended the session: sign in again")));
	}

}
