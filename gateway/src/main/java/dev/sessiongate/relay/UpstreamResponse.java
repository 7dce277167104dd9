package dev.sessiongate.relay;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import dev.sessiongate.error.GatewayError;
import reactor.netty.Connection;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The upstream's answer while the relay still holds it: the routing filter has set the
 * status and headers, and the body is written to the client only after the relay's chain
 * completes, so an upstream 401 can still be thrown away.
 */
final class UpstreamResponse {

	private UpstreamResponse() {
	}

	static boolean isUnauthorized(ServerWebExchange exchange) {
		return exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR) != null
				&& HttpStatus.UNAUTHORIZED.equals(exchange.getResponse().getStatusCode());
	}

	/** The response headers as they are before the upstream answers: what the gateway itself set. */
	static HttpHeaders headersBefore(ServerWebExchange exchange) {
		return HttpHeaders.copyOf(exchange.getResponse().getHeaders());
	}

	/**
	 * Drops the upstream answer (connection, status, routed mark) so the request can go again,
	 * and puts the response headers back as they were before it: the 401's headers go, those
	 * the gateway set (CORS and the like) stay. Spring Cloud Gateway's own {@code reset} removes
	 * every header name the upstream sent, a gateway's {@code Vary} included.
	 */
	static void discard(ServerWebExchange exchange, HttpHeaders headersBefore) {
		Connection connection = exchange.getAttributes().remove(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR)
				instanceof Connection held ? held : null;
		if (connection != null) {
			connection.dispose();
		}
		exchange.getAttributes().remove(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR);
		exchange.getAttributes().remove(ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES);
		ServerWebExchangeUtils.removeAlreadyRouted(exchange);
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(null);
		response.getHeaders().clear();
		response.getHeaders().putAll(headersBefore);
	}

	static boolean isUnreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException || cause instanceof TimeoutException
					|| cause instanceof org.springframework.cloud.gateway.support.TimeoutException) {
				return true;
			}
		}
		return false;
	}

	static Throwable badGateway(Throwable failure) {
		return GatewayError.BAD_GATEWAY.exception("The upstream service could not be reached");
	}

	static Throwable tooSlow() {
		return GatewayError.BAD_GATEWAY.exception("The upstream service did not answer in time");
	}

}
