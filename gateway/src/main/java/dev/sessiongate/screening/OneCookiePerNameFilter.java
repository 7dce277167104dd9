package dev.sessiongate.screening;

import java.util.List;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.login.LoginProperties;
import dev.sessiongate.session.SessionCookie;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses, on every path, a request that carries the session cookie or the login cookie
 * more than once. A sibling subdomain can set a cookie of the same name for the parent
 * domain or a longer path (cookie tossing); the browser then sends both, and whichever a
 * component picked could be the attacker's session or login. Nothing is relayed.
 */
@Component
class OneCookiePerNameFilter implements WebFilter, Ordered {

	private final List<String> names;

	OneCookiePerNameFilter(SessionCookie sessionCookie, LoginProperties login) {
		this.names = List.of(sessionCookie.name(), login.cookieName());
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		for (String name : this.names) {
			List<HttpCookie> sent = exchange.getRequest().getCookies().get(name);
			if (sent != null && sent.size() > 1) {
				return Mono.error(GatewayError.INVALID_REQUEST
					.exception("The cookie " + name + " was sent more than once: clear this site's cookies"));
			}
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
