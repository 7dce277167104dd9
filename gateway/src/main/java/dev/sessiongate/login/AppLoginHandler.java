package dev.sessiongate.login;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sessiongate.csrf.CsrfCheck;
import dev.sessiongate.token.IdentityProviderException;
import dev.sessiongate.token.OidcProperties;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The app login: {@code POST /auth/login/start} hands the app an authorization URL to open
 * in the system browser; {@code POST /auth/login/end} takes the URL the IdP redirected the
 * app to and opens the session. Redirect URIs match the configured ones exactly.
 */
@Component
class AppLoginHandler {

	private final LoginStarter starter;

	private final LoginCompleter completer;

	private final LoginCookie loginCookie;

	private final CsrfCheck csrf;

	private final List<String> redirectUris;

	private final long maxBodyBytes;

	AppLoginHandler(LoginStarter starter, LoginCompleter completer, LoginCookie loginCookie, CsrfCheck csrf,
			OidcProperties oidc, LoginProperties properties) {
		this.starter = starter;
		this.completer = completer;
		this.loginCookie = loginCookie;
		this.csrf = csrf;
		this.redirectUris = oidc.appRedirectUris();
		this.maxBodyBytes = properties.maxBodySize().toBytes();
	}

	Mono<ServerResponse> start(ServerRequest request) {
		return this.csrf.verify(request.exchange().getRequest())
			.then(JsonBody.read(request, this.maxBodyBytes))
			.map(body -> registered(JsonBody.string(body, "redirect_uri")))
			.flatMap(redirectUri -> this.starter.start(LoginTransaction.Flow.APP, redirectUri, null))
			.onErrorMap(IdentityProviderException.class, IdpFailures::unavailable)
			.flatMap(started -> AuthResponses.json(AuthResponses.ok().cookie(started.cookie()),
					Map.of("authorization_url", started.authorizationUrl(), "state", started.state())));
	}

	Mono<ServerResponse> end(ServerRequest request) {
		return this.csrf.verify(request.exchange().getRequest())
			.then(JsonBody.read(request, this.maxBodyBytes))
			.map(body -> CallbackUrl.parse(JsonBody.string(body, "callback_url")))
			.flatMap(answer -> this.completer.complete(LoginTransaction.Flow.APP, request.exchange(), answer))
			.flatMap(login -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("authenticated", true);
				body.put("subject", login.session().subject());
				body.put("claims", VisibleClaims.of(login.session().claimsJson()));
				return AuthResponses.json(AuthResponses.ok().cookie(login.cookie()).cookie(this.loginCookie.cleared()),
						body);
			});
	}

	private String registered(String requested) {
		if (this.redirectUris.isEmpty()) {
			throw LoginCompleter.invalid("The app login is not configured");
		}
		if (requested == null) {
			return this.redirectUris.get(0);
		}
		if (!this.redirectUris.contains(requested)) {
			throw LoginCompleter.invalid("redirect_uri is not one of the registered app redirect URIs");
		}
		return requested;
	}

}
