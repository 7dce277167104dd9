package dev.sessiongate.login.backchannel;

import java.util.List;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.session.SessionEndReason;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.IdentityProviderException;
import dev.sessiongate.token.JwtRejectedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
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

	private final LogoutTokenVerifier verifier;

	private final LogoutTokenReplays replays;

	private final SessionStore sessions;

	BackchannelLogoutHandler(LogoutTokenVerifier verifier, LogoutTokenReplays replays, SessionStore sessions) {
		this.verifier = verifier;
		this.replays = replays;
		this.sessions = sessions;
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		return request.formData()
			.onErrorMap(DataBufferLimitException.class, ex -> invalid("The body is too large"))
			.map(form -> form.getOrDefault("logout_token", List.of()))
			.filter(tokens -> tokens.size() == 1)
			.switchIfEmpty(Mono.error(() -> invalid("The form field logout_token is required, once")))
			.flatMap(tokens -> this.verifier.verify(tokens.get(0)))
			.onErrorMap(JwtRejectedException.class, this::rejected)
			.onErrorMap(InvalidLogoutTokenException.class, this::rejected)
			.onErrorMap(IdentityProviderException.class, ex -> GatewayError.IDENTITY_PROVIDER_UNAVAILABLE
				.exception("The identity provider's keys could not be read"))
			.flatMap(this::endOnce)
			.then(ServerResponse.ok().cacheControl(CacheControl.noStore()).build());
	}

	private Mono<Long> endOnce(LogoutToken token) {
		return this.replays.firstUse(token)
			.onErrorMap(ex -> GatewayError.SESSION_STORE_UNAVAILABLE.exception("The session store could not be reached"))
			.filter(Boolean::booleanValue)
			.switchIfEmpty(Mono.error(() -> invalid("The logout token was used before")))
			.flatMap(first -> end(token).onErrorResume(failure -> forgetThenFail(token, failure)))
			.doOnNext(ended -> logger.info("Back-channel logout ended " + ended + " session(s)"));
	}

	// The logout did not happen: forget the jti, so the IdP's retry is not taken for a replay.
	private Mono<Long> forgetThenFail(LogoutToken token, Throwable failure) {
		return this.replays.forget(token).onErrorResume(ex -> Mono.empty()).then(Mono.error(failure));
	}

	private Mono<Long> end(LogoutToken token) {
		if (token.sid() != null) {
			return this.sessions.endAllOfSid(token.sid(), SessionEndReason.BACKCHANNEL);
		}
		return this.sessions.endAllOfSubject(token.subject(), SessionEndReason.BACKCHANNEL);
	}

	private GatewayErrorException rejected(RuntimeException reason) {
		logger.warn("Back-channel logout token rejected: " + reason.getMessage());
		return invalid("The logout token was rejected: " + reason.getMessage());
	}

	private static GatewayErrorException invalid(String message) {
		return GatewayError.INVALID_REQUEST.exception(message);
	}

}
