package dev.sessiongate.login.backchannel;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.login.BoundedBody;
import dev.sessiongate.login.LoginProperties;
import dev.sessiongate.login.OneTimeUses;
import dev.sessiongate.session.SessionEndReason;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.IdentityProviderException;
import dev.sessiongate.token.JwtRejectedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /auth/logout/backchannel}: the IdP, server to server, says a login ended.
 * A valid, unused logout token ends the sessions of its {@code sid}, or else all sessions
 * of its {@code sub}; anything else is {@code 400 invalid_request} and ends nothing. No CSRF
 * header: the IdP is not a browser, and the signed token is the proof.
 */
@Component
class BackchannelLogoutHandler {

	private static final Log logger = LogFactory.getLog(BackchannelLogoutHandler.class);

	/** The kind of one-time use a logout token's {@code jti} is, remembered while the token would be accepted. */
	private static final String JTI = "jti";

	private final LogoutTokenVerifier verifier;

	private final OneTimeUses oneTimeUses;

	private final SessionStore sessions;

	private final long maxBodyBytes;

	BackchannelLogoutHandler(LogoutTokenVerifier verifier, OneTimeUses oneTimeUses, SessionStore sessions,
			LoginProperties properties) {
		this.verifier = verifier;
		this.oneTimeUses = oneTimeUses;
		this.sessions = sessions;
		this.maxBodyBytes = properties.maxBodySize().toBytes();
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		// The body is read before anything is refused: an unread body would end the connection with a reset.
		return BoundedBody.text(request, this.maxBodyBytes)
			.defaultIfEmpty("")
			.doOnNext(body -> LogoutForm.checkContentType(request.headers().firstHeader("Content-Type")))
			.map(LogoutForm::logoutToken)
			.flatMap(this.verifier::verify)
			.onErrorMap(JwtRejectedException.class, this::rejected)
			.onErrorMap(InvalidLogoutTokenException.class, this::rejected)
			.onErrorMap(IdentityProviderException.class, ex -> GatewayError.IDENTITY_PROVIDER_UNAVAILABLE
				.exception("The identity provider's keys could not be read"))
			.flatMap(this::endOnce)
			.then(ServerResponse.ok().cacheControl(CacheControl.noStore()).build());
	}

	private Mono<Long> endOnce(LogoutToken token) {
		return this.oneTimeUses.firstUse(JTI, token.jti(), token.acceptableUntil())
			.filter(Boolean::booleanValue)
			.switchIfEmpty(Mono.error(() -> invalid("The logout token was used before")))
			.flatMap(first -> end(token).onErrorResume(failure -> forgetThenFail(token, failure)))
			.doOnNext(ended -> logger.info("Back-channel logout ended " + ended + " session(s)"));
	}

	// The logout did not happen: forget the jti, so the IdP's retry is not taken for a replay.
	private Mono<Long> forgetThenFail(LogoutToken token, Throwable failure) {
		return this.oneTimeUses.forget(JTI, token.jti()).onErrorResume(ex -> Mono.empty()).then(Mono.error(failure));
	}

	private Mono<Long> end(LogoutToken token) {
		if (token.sid() != null) {
			return this.sessions.endAllOfSid(token.sid(), SessionEndReason.BACKCHANNEL);
		}
		return this.sessions.endAllOfSubject(token.subject(), SessionEndReason.BACKCHANNEL);
	}

	// DEBUG, not WARN: anyone can post forged tokens, and the log must not grow with them.
	// The reasons are fixed texts; nothing of the token is repeated.
	private GatewayErrorException rejected(RuntimeException reason) {
		if (logger.isDebugEnabled()) {
			logger.debug("Back-channel logout token rejected: " + reason.getMessage());
		}
		return invalid("The logout token was rejected: " + reason.getMessage());
	}

	private static GatewayErrorException invalid(String message) {
		return GatewayError.INVALID_REQUEST.exception(message);
	}

}
