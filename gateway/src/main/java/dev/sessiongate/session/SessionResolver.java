package dev.sessiongate.session;

import dev.sessiongate.error.GatewayError;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the session a request's cookie names: no cookie, a malformed one, or one whose
 * session ended all answer {@code 401 unauthenticated}.
 */
@Component
public class SessionResolver {

	private final SessionCookie cookie;

	private final SessionStore store;

	public SessionResolver(SessionCookie cookie, SessionStore store) {
		this.cookie = cookie;
		this.store = store;
	}

	/** The request's live session, or an {@code unauthenticated} error. */
	public Mono<Session> require(ServerWebExchange exchange) {
		return Mono.justOrEmpty(this.cookie.read(exchange.getRequest()))
			.flatMap(this.store::find)
			.switchIfEmpty(Mono.error(() -> GatewayError.UNAUTHENTICATED.exception("No live session: sign in")));
	}

}
