package dev.sessiongate.sandbox;

import java.time.Duration;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /token}: injected failures first, then client authentication, then the grant.
 */
final class TokenEndpoint {

	private final TokenFailures failures;

	private final ClientAuthentication clients;

	private final AuthorizationCodeGrant codeGrant;

	private final RefreshTokenGrant refreshGrant;

	private final IdpCounters counters;

	TokenEndpoint(TokenFailures failures, ClientAuthentication clients, AuthorizationCodeGrant codeGrant,
			RefreshTokenGrant refreshGrant, IdpCounters counters) {
		this.failures = failures;
		this.clients = clients;
		this.codeGrant = codeGrant;
		this.refreshGrant = refreshGrant;
		this.counters = counters;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		this.counters.tokenRequest();
		// Taken on arrival, so failures are consumed in request order even when bodies arrive out of order.
		TokenFailure failure = this.failures.next();
		Duration standingDelay = this.failures.standingDelay();
		return SandboxHttp.form(request)
			.delayUntil(form -> standingDelay.isZero() ? Mono.empty() : Mono.delay(standingDelay))
			.flatMap(form -> answer(failure, form, request, response));
	}

	private Mono<Void> answer(@Nullable TokenFailure failure, Map<String, String> form, HttpServerRequest request,
			HttpServerResponse response) {
		if (failure instanceof TokenFailure.Delay delay) {
			return Mono.delay(delay.duration())
				.then(Mono.defer(() -> SandboxHttp.send(response, grant(request, form))));
		}
		if (failure instanceof TokenFailure.Held held) {
			return held.release().then(Mono.defer(() -> SandboxHttp.send(response, grant(request, form))));
		}
		if (failure instanceof TokenFailure.Status status) {
			return SandboxHttp.send(response, OAuthResponse.error(status.status(), status.error()));
		}
		if (failure instanceof TokenFailure.DropConnection) {
			return Mono.fromRunnable(() -> request.withConnection(Connection::dispose));
		}
		if (failure instanceof TokenFailure.Body body) {
			return response.status(body.status())
				.header(HttpHeaderNames.CONTENT_TYPE, body.contentType())
				.sendString(Mono.just(body.text()))
				.then();
		}
		if (failure instanceof TokenFailure.AnswerWhen late) {
			// The grant runs now, so a refresh token rotates before anyone sees the answer.
			OAuthResponse granted = grant(request, form);
			return late.answer().then(Mono.defer(() -> SandboxHttp.send(response, granted)));
		}
		if (failure instanceof TokenFailure.InvalidGrant) {
			if ("refresh_token".equals(form.get("grant_type"))) {
				this.counters.refreshRejected();
			}
			return SandboxHttp.send(response, OAuthResponse.invalidGrant());
		}
		return SandboxHttp.send(response, grant(request, form));
	}

	private OAuthResponse grant(HttpServerRequest request, Map<String, String> form) {
		if (!this.clients.authenticate(request.requestHeaders(), form)) {
			return OAuthResponse.invalidClient();
		}
		String grantType = form.get("grant_type");
		if ("authorization_code".equals(grantType)) {
			return this.codeGrant.exchange(form);
		}
		if ("refresh_token".equals(grantType)) {
			return this.refreshGrant.refresh(form);
		}
		return OAuthResponse.error(400, (grantType == null) ? "invalid_request" : "unsupported_grant_type");
	}

}
