package dev.sessiongate.csrf;

import java.util.Set;

import dev.sessiongate.error.GatewayError;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Rejects unsafe requests that lack {@code X-CSRF: 1}. Browsers send that header only
 * from scripts of the same origin (or CORS-approved ones), never from a cross-site form.
 */
@Component
public class CsrfCheck {

	static final String HEADER = "X-CSRF";

	// TRACE never gets this far: it is refused before any route (screening.RequestHeadGuard).
	private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

	private final boolean required;

	public CsrfCheck(CsrfProperties properties) {
		this.required = properties.headerRequired();
	}

	public Mono<Void> verify(ServerHttpRequest request) {
		if (!this.required || SAFE.contains(request.getMethod()) || "1".equals(request.getHeaders().getFirst(HEADER))) {
			return Mono.empty();
		}
		return Mono.error(GatewayError.CSRF.exception("Unsafe requests must carry the header X-CSRF: 1"));
	}

}
