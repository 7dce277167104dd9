package dev.sessiongate.login;

import java.net.URI;

import dev.sessiongate.token.IdentityProviderException;
import dev.sessiongate.token.OidcProperties;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /auth/login?return_to=/path}: starts a browser login and sends the browser to
 * the IdP. {@code return_to} is checked now, so a bad one never reaches the IdP.
 */
@Component
class LoginHandler {

	private final LoginStarter starter;

	private final OidcProperties properties;

	LoginHandler(LoginStarter starter, OidcProperties properties) {
		this.starter = starter;
		this.properties = properties;
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		if (this.properties.redirectUri() == null) {
			return Mono.error(LoginCompleter.invalid("The browser login is not configured"));
		}
		return Mono.fromCallable(() -> ReturnTo.validate(request.queryParam("return_to").orElse(null)))
			.flatMap(returnTo -> this.starter.start(LoginTransaction.Flow.BROWSER,
					this.properties.redirectUri().toString(), returnTo))
			.onErrorMap(IdentityProviderException.class, IdpFailures::unavailable)
			.flatMap(started -> ServerResponse.status(HttpStatus.FOUND)
				.location(URI.create(started.authorizationUrl()))
				.cacheControl(CacheControl.noStore())
				.cookie(started.cookie())
				.build());
	}

}
