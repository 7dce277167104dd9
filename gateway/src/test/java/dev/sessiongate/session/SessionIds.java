package dev.sessiongate.session;

import java.security.SecureRandom;

/** Session ids for tests that need one without a cookie round trip. */
public final class SessionIds {

	private SessionIds() {
	}

	public static SessionId random() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return SessionId.of(secret);
	}

}
