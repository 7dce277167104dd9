package dev.sessiongate.login;

/**
 * What the IdP sent back on the redirect URI. {@link #toString()} leaves the code out.
 *
 * @param redirectUri the redirect URI it came to, without query; null when that is the
 * gateway's own callback endpoint
 * @param code the authorization code
 * @param state the state of the login it answers
 * @param error the IdP's error code, when it refused
 */
record CallbackParameters(String redirectUri, String code, String state, String error) {

	@Override
	public String toString() {
		return "CallbackParameters[redirectUri=" + this.redirectUri + ", error=" + this.error + "]";
	}

}
