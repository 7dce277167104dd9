package dev.sessiongate.login;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionResolver;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /auth/session}: who is signed in, with the ID token's harmless claims and the
 * session's absolute deadline; {@code 401 unauthenticated} without a live session.
 */
@Component
class SessionInfoHandler {

	private final SessionResolver sessions;

	SessionInfoHandler(SessionResolver sessions) {
		this.sessions = sessions;
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		return this.sessions.require(request.exchange())
			.flatMap(session -> AuthResponses.json(AuthResponses.ok(), describe(session)));
	}

	private static Map<String, Object> describe(Session session) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("authenticated", true);
		body.put("subject", session.subject());
		body.put("claims", VisibleClaims.of(session.claimsJson()));
		body.put("expires_at", session.expiresAt().toString());
		return body;
	}

}
