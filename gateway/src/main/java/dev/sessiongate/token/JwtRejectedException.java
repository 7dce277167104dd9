package dev.sessiongate.token;

/**
 * A JWT failed verification. The message names the check that failed, never the token;
 * no stack trace, since forged tokens are cheap to send.
 */
public final class JwtRejectedException extends RuntimeException {

	JwtRejectedException(String reason) {
		super(reason, null, false, false);
	}

}
