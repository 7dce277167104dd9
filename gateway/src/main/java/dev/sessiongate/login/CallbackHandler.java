package dev.sessiongate.login;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
		return Mono.fromCallable(() -> CallbackParameters.of(null, singleValued(request)))
			.flatMap(answer -> this.completer.complete(LoginTransaction.Flow.BROWSER, request.exchange(), answer))
			.flatMap(login -> ServerResponse.status(HttpStatus.FOUND)
				.location(URI.create(login.returnTo()))
				.cacheControl(CacheControl.noStore())
				.cookie(login.cookie())
				.cookie(this.loginCookie.cleared())
				.build());
	}

	/** The query's parameters; a repeated one is refused, so it cannot smuggle a second value. */
	private static Map<String, String> singleValued(ServerRequest request) {
		Map<String, List<String>> query;
		try {
			query = request.queryParams();
		}
		catch (IllegalArgumentException ex) {
			throw LoginCompleter.invalid("The callback's query is not well encoded");
		}
		Map<String, String> single = new HashMap<>();
		for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
			if (parameter.getValue().size() != 1) {
				throw LoginCompleter.invalid("The callback repeats a parameter");
			}
			single.put(parameter.getKey(), parameter.getValue().get(0));
		}
		return single;
	}

}
