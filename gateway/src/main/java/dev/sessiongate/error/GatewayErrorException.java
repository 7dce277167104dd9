package dev.sessiongate.error;

/**
 * A failure that ends a request with one of the contract's error answers. It travels
 * on hot paths (an expired session, an IdP outage), so it carries no stack trace; its
 * message is shown to the client and must never hold a token or cookie value.
 */
public final class GatewayErrorException extends RuntimeException {

	private final GatewayError error;

	GatewayErrorException(GatewayError error, String message) {
		super(message, null, false, false);
		this.error = error;
	}

	public GatewayError error() {
		return this.error;
	}

}
