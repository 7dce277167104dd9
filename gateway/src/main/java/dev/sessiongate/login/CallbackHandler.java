package dev.sessiongate.login;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /auth/callback?code=..&state=..}: the IdP's redirect back to a browser login.
 * Sets the session cookie, removes the login cookie and sends the browser to its
 * {@code return_to}.
 */
@Component
class CallbackHandler {

	private final LoginCompleter completer;

	private final LoginCookie loginCookie;

	CallbackHandler(LoginCompleter completer, LoginCookie loginCookie) {
		this.completer = completer;
		this.loginCookie = loginCookie;
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		CallbackParameters answer = new CallbackParameters(null, single(request, "code"), single(request, "state"),
				single(request, "error"));
		return this.completer
			.complete(LoginTransaction.Flow.BROWSER, this.loginCookie.read(request.exchange().getRequest()), answer)
			.flatMap(login -> ServerResponse.status(HttpStatus.FOUND)
				.location(URI.create(login.returnTo()))
				.cacheControl(CacheControl.noStore())
				.cookie(login.cookie())
				.cookie(this.loginCookie.cleared())
				.build());
	}

	/** A query parameter given once; a repeated one counts as absent, so it cannot smuggle a second value. */
	static String single(ServerRequest request, String name) {
		var values = request.queryParams().get(name);
		return (values != null && values.size() == 1) ? values.get(0) : null;
	}

}
