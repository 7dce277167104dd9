package dev.sessiongate.sandbox;

import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /revoke} (RFC 7009): a refresh token takes its whole family with it. Unknown tokens get 200 too, so
 * callers learn nothing about which tokens exist.
 */
final class RevocationEndpoint {

	private final ClientAuthentication clients;

	private final RefreshTokenFamilies families;

	private final IdpCounters counters;

	RevocationEndpoint(ClientAuthentication clients, RefreshTokenFamilies families, IdpCounters counters) {
		this.clients = clients;
		this.families = families;
		this.counters = counters;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		return SandboxHttp.form(request).flatMap(form -> {
			if (!this.clients.authenticate(request, form)) {
				return SandboxHttp.send(response, OAuthResponse.invalidClient());
			}
			String token = form.get("token");
			if (token == null) {
				return SandboxHttp.send(response, OAuthResponse.invalidRequest());
			}
			this.counters.revocation();
			this.families.revoke(token);
			return response.status(200).send();
		});
	}

}
