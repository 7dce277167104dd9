package dev.sessiongate.relay;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import dev.sessiongate.error.GatewayError;
import reactor.netty.Connection;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
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

	/** Drops the upstream answer (connection, headers, routed mark) so the request can go again. */
	static void discard(ServerWebExchange exchange) {
		Connection connection = exchange.getAttributes().remove(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR)
				instanceof Connection held ? held : null;
		if (connection != null) {
			connection.dispose();
		}
		exchange.getAttributes().remove(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR);
		ServerWebExchangeUtils.reset(exchange);
		exchange.getResponse().setStatusCode(null);
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

}
