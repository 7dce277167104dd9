package dev.sessiongate.session;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.observability.GatewayMeters;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.observability.micrometer.Micrometer;
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

	private final ObservationRegistry observations;

	public SessionResolver(SessionCookie cookie, SessionStore store, ObservationRegistry observations) {
		this.cookie = cookie;
		this.store = store;
		this.observations = observations;
	}

	/** The request's live session, or an {@code unauthenticated} error. */
	public Mono<Session> require(ServerWebExchange exchange) {
		return Mono.justOrEmpty(this.cookie.read(exchange.getRequest()))
			.flatMap(id -> lookUp(id).switchIfEmpty(Mono.defer(() -> ended(id))))
			.switchIfEmpty(Mono.error(() -> GatewayError.UNAUTHENTICATED.exception("No live session: sign in")));
	}

	/** The store read, as a span of the request's trace and a timer ({@code sessiongate.session.lookup}). */
	private Mono<Session> lookUp(SessionId id) {
		return this.store.find(id).name(GatewayMeters.SESSION_LOOKUP).tap(Micrometer.observation(this.observations));
	}

	/** Asked only when a cookie names no live session, so a live session costs nothing extra. */
	private Mono<Session> ended(SessionId id) {
		return this.store.endedBecause(id)
			.flatMap(reason -> Mono.error(GatewayError.SESSION_EXPIRED
				.exception("The identity provider ended the session: sign in again")));
	}

}
