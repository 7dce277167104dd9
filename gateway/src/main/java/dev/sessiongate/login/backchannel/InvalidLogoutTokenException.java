package dev.sessiongate.login.backchannel;

/** A logout token failed a back-channel-specific check; no stack trace, forged ones are cheap. */
final class InvalidLogoutTokenException extends RuntimeException {

	InvalidLogoutTokenException(String reason) {
		super(reason, null, false, false);
	}

}
