package dev.sessiongate.login;

import dev.sessiongate.observability.FailureLog;
import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionEndReason;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenRevocationClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Ends a session the user left: revokes its refresh token at the IdP (RFC 7009), then
 * deletes it. A failed revocation is counted and the session ends regardless: the user
 * asked to leave, and the IdP's outage must not keep them in.
 */
@Component
class SessionEnding {

	private final SessionStore sessions;

	private final TokenRevocationClient revocation;

	private final Counter revocationFailures;

	SessionEnding(SessionStore sessions, TokenRevocationClient revocation, MeterRegistry meters) {
		this.sessions = sessions;
		this.revocation = revocation;
		this.revocationFailures = Counter.builder(GatewayMeters.LOGOUT_REVOCATION_FAILURES).register(meters);
	}

	Mono<Void> end(Session session) {
		return revoke(session).then(this.sessions.delete(session.id(), SessionEndReason.LOGOUT)).then();
	}

	private Mono<Void> revoke(Session session) {
		if (!session.tokens().hasRefreshToken()) {
			return Mono.empty();
		}
		return this.revocation.revoke(session.tokens().refreshToken())
			.onErrorResume(failure -> {
				FailureLog.IDENTITY_PROVIDER.record(SessionEnding.class,
						"revocation at logout: " + failure.getClass().getSimpleName());
				this.revocationFailures.increment();
				return Mono.empty();
			})
			.then();
	}

}
