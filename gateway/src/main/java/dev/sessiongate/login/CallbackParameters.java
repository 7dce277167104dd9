package dev.sessiongate.login;

import java.util.Map;

/**
 * What the IdP sent back on the redirect URI. {@link #toString()} leaves the code out.
 *
 * @param redirectUri the redirect URI it came to, without query; null when that is the
 * gateway's own callback endpoint
 * @param code the authorization code
 * @param state the state of the login it answers
 * @param error the IdP's error code, when it refused
 * @param issuer the IdP's {@code iss} (RFC 9207), when it sent one
 */
record CallbackParameters(String redirectUri, String code, String state, String error, String issuer) {

	/** The parameters of a callback query whose names each came at most once. */
	static CallbackParameters of(String redirectUri, Map<String, String> query) {
		return new CallbackParameters(redirectUri, query.get("code"), query.get("state"), query.get("error"),
				query.get("iss"));
	}

	@Override
	public String toString() {
		return "CallbackParameters[redirectUri=" + this.redirectUri + ", error=" + this.error + "]";
	}

}
