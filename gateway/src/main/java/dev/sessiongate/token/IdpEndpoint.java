package dev.sessiongate.token;

import java.util.Locale;

/**
 * The IdP endpoints this gateway calls, named on each request by the attribute {@link #ATTRIBUTE} so
 * the client's metrics and spans say which one it was: {@code endpoint="token"}.
 */
enum IdpEndpoint {

	DISCOVERY, JWKS, TOKEN, REVOCATION;

	static final String ATTRIBUTE = IdpEndpoint.class.getName();

	String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
