package dev.sessiongate.relay;

import java.time.Duration;

import dev.sessiongate.csrf.CsrfCheck;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionResolver;
import dev.sessiongate.token.refresh.RefreshProperties;
import dev.sessiongate.token.refresh.TokenRefresher;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code SessionTokenRelay} route filter (CONTRACT section 5): requires a session,
 * sends its access token upstream, refreshes it ahead of expiry, and after an upstream
 * 401 refreshes and sends the same request once more, so the client sees only the second
 * answer. Every relayed request is answered within a {@link RelayDeadline}.
 */
@Component
public class SessionTokenRelayGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private final CsrfCheck csrf;

	private final SessionResolver sessions;

	private final TokenRefresher refresher;

	private final String sessionCookieName;

	private final RetryProperties retry;

	private final ReplayBudget budget;

	private final Duration deadline;

	private final RelayMetrics metrics;

	SessionTokenRelayGatewayFilterFactory(CsrfCheck csrf, SessionResolver sessions, TokenRefresher refresher,
			SessionCookie cookie, RetryProperties retry, RefreshProperties refresh, HttpClientProperties httpClient,
			RelayMetrics metrics) {
		this.csrf = csrf;
		this.sessions = sessions;
		this.refresher = refresher;
		this.sessionCookieName = cookie.name();
		this.retry = retry;
		this.budget = new ReplayBudget(retry.maxBufferedBytes().toBytes());
		this.deadline = RelayDeadline.of(httpClient, refresh, retry);
		this.metrics = metrics;
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> this.csrf.verify(exchange.getRequest())
			.then(this.sessions.require(exchange))
			.flatMap(session -> this.refresher.ensureFresh(session)
				.doOnNext(fresh -> this.metrics.refreshed(exchange, session, fresh)))
			.flatMap(session -> body(exchange).flatMap(body -> relay(exchange, chain, session, body)
				.doFinally(signal -> body.release())))
			.timeout(this.deadline, Mono.error(UpstreamResponse::tooSlow));
	}

	private Mono<ReplayableBody> body(ServerWebExchange exchange) {
		return ReplayableBody.of(exchange.getRequest(), this.retry.maxBodySize().toBytes(), this.budget,
				this.retry.bodyIdleTimeout());
	}

	private Mono<Void> relay(ServerWebExchange exchange, GatewayFilterChain chain, Session session,
			ReplayableBody body) {
		String sent = session.tokens().accessToken();
		HttpHeaders headersBefore = UpstreamResponse.headersBefore(exchange);
		return send(exchange, chain, sent, body)
			.then(Mono.defer(() -> UpstreamResponse.isUnauthorized(exchange) && body.isReplayable()
					? replay(exchange, chain, session, sent, body, headersBefore) : Mono.empty()));
	}

	/**
	 * Sends the request again with a refreshed token. When the refresher declines (no refresh
	 * token, or tokens too young to refresh again) the upstream's 401 goes to the client as it is.
	 */
	private Mono<Void> replay(ServerWebExchange exchange, GatewayFilterChain chain, Session session, String rejected,
			ReplayableBody body, HttpHeaders headersBefore) {
		return this.refresher.replaceRejected(session, rejected)
			.doOnError(failure -> UpstreamResponse.discard(exchange, headersBefore))
			.flatMap(fresh -> {
				UpstreamResponse.discard(exchange, headersBefore);
				this.metrics.replayed(exchange);
				return send(exchange, chain, fresh.tokens().accessToken(), body);
			})
			.transform(this.metrics::observedReplay);
	}

	private Mono<Void> send(ServerWebExchange exchange, GatewayFilterChain chain, String accessToken,
			ReplayableBody body) {
		return chain.filter(UpstreamRequest.of(exchange, accessToken, this.sessionCookieName, body))
			.onErrorMap(UpstreamResponse::isUnreachable, UpstreamResponse::badGateway);
	}

}
