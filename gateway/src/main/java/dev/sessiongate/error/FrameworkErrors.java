package dev.sessiongate.error;

/**
 * The contract's answer to a status that Spring, Reactor Netty or Spring Cloud Gateway
 * chose (a path no route matches, a body over a codec limit, a head Netty refused). Each
 * gets a fixed message: the framework's own reason may quote the request.
 */
public final class FrameworkErrors {

	private FrameworkErrors() {
	}

	/** The contract error for a framework status. */
	public static GatewayErrorException forStatus(int status) {
		if (status == 404) {
			return GatewayError.NOT_FOUND.exception("No endpoint or route matches this path");
		}
		if (status == 405) {
			return methodNotAllowed();
		}
		if (status == 413) {
			return tooLarge();
		}
		if (status >= 400 && status < 500) {
			// 414, 415, 431 and the rest: the client sent something we do not take.
			return GatewayError.INVALID_REQUEST.exception("The request is malformed or not supported here");
		}
		if (status == 502 || status == 503 || status == 504) {
			return GatewayError.BAD_GATEWAY.exception("The upstream could not be reached");
		}
		return GatewayError.INTERNAL_ERROR.exception("The gateway failed to handle the request");
	}

	public static GatewayErrorException methodNotAllowed() {
		return GatewayError.METHOD_NOT_ALLOWED.exception("This method is not allowed here");
	}

	public static GatewayErrorException tooLarge() {
		return GatewayError.REQUEST_TOO_LARGE.exception("The body is larger than this endpoint accepts");
	}

	/** A request head (line or headers) over the configured limits, or one Netty could not decode. */
	public static GatewayErrorException malformedHead() {
		return GatewayError.INVALID_REQUEST
			.exception("The request line or headers are malformed or larger than the gateway accepts");
	}

}
