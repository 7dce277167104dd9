package dev.sessiongate.relay;

import dev.sessiongate.csrf.CsrfCheck;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionResolver;
import dev.sessiongate.token.refresh.TokenRefresher;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code SessionTokenRelay} route filter (CONTRACT section 5): requires a session,
 * sends its access token upstream, refreshes it ahead of expiry, and after an upstream
 * 401 refreshes and sends the same request once more, so the client sees only the second
 * answer.
 */
@Component
public class SessionTokenRelayGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private final CsrfCheck csrf;

	private final SessionResolver sessions;

	private final TokenRefresher refresher;

	private final String sessionCookieName;

	private final long maxReplayBodyBytes;

	private final RelayMetrics metrics;

	SessionTokenRelayGatewayFilterFactory(CsrfCheck csrf, SessionResolver sessions, TokenRefresher refresher,
			SessionCookie cookie, RetryProperties retry, RelayMetrics metrics) {
		this.csrf = csrf;
		this.sessions = sessions;
		this.refresher = refresher;
		this.sessionCookieName = cookie.name();
		this.maxReplayBodyBytes = retry.maxBodySize().toBytes();
		this.metrics = metrics;
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> this.csrf.verify(exchange.getRequest())
			.then(this.sessions.require(exchange))
			.flatMap(session -> this.refresher.ensureFresh(session)
				.doOnNext(fresh -> this.metrics.refreshed(exchange, session, fresh)))
			.flatMap(session -> ReplayableBody.of(exchange.getRequest(), this.maxReplayBodyBytes)
				.flatMap(body -> relay(exchange, chain, session, body)));
	}

	private Mono<Void> relay(ServerWebExchange exchange, GatewayFilterChain chain, Session session,
			ReplayableBody body) {
		String sent = session.tokens().accessToken();
		return send(exchange, chain, sent, body)
			.then(Mono.defer(() -> UpstreamResponse.isUnauthorized(exchange) && body.isReplayable()
					? replay(exchange, chain, session, sent, body) : Mono.empty()));
	}

	private Mono<Void> replay(ServerWebExchange exchange, GatewayFilterChain chain, Session session,
			String rejected, ReplayableBody body) {
		UpstreamResponse.discard(exchange);
		return this.refresher.replaceRejected(session, rejected)
			.doOnNext(fresh -> this.metrics.replayed(exchange))
			.flatMap(fresh -> send(exchange, chain, fresh.tokens().accessToken(), body))
			.transform(this.metrics::observedReplay);
	}

	private Mono<Void> send(ServerWebExchange exchange, GatewayFilterChain chain, String accessToken,
			ReplayableBody body) {
		return chain.filter(UpstreamRequest.of(exchange, accessToken, this.sessionCookieName, body))
			.onErrorMap(UpstreamResponse::isUnreachable, UpstreamResponse::badGateway);
	}

}
