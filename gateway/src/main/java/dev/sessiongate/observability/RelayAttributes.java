package dev.sessiongate.observability;

import org.springframework.web.server.ServerWebExchange;

/**
 * What the relay did with a request, kept in the exchange's attributes for the access
 * log: whether the request waited for a refreshed token before going upstream, and
 * whether it was sent a second time after an upstream 401.
 */
public final class RelayAttributes {

	static final String REFRESHED = RelayAttributes.class.getName() + ".refreshed";

	static final String REPLAYED = RelayAttributes.class.getName() + ".replayed";

	private RelayAttributes() {
	}

	public static void markRefreshed(ServerWebExchange exchange) {
		exchange.getAttributes().put(REFRESHED, Boolean.TRUE);
	}

	public static void markReplayed(ServerWebExchange exchange) {
		exchange.getAttributes().put(REPLAYED, Boolean.TRUE);
	}

}
