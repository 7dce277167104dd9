package dev.sessiongate.login;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A started login, travelling sealed in the login cookie until the IdP sends the user
 * back. {@link #toString()} leaves the secrets out.
 *
 * @param flow which endpoints started it, and so which may finish it
 * @param state the value the IdP must hand back
 * @param codeVerifier the PKCE verifier (RFC 7636)
 * @param nonce the value the ID token must carry
 * @param redirectUri the redirect URI the authorization request named
 * @param returnTo where the browser goes after login; null for apps
 * @param expiresAt the moment after which the login can no longer finish
 */
record LoginTransaction(Flow flow, String state, String codeVerifier, String nonce, String redirectUri,
		String returnTo, Instant expiresAt) {

	enum Flow {

		BROWSER, APP

	}

	Map<String, Object> toClaims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("f", this.flow.name());
		claims.put("s", this.state);
		claims.put("v", this.codeVerifier);
		claims.put("n", this.nonce);
		claims.put("r", this.redirectUri);
		if (this.returnTo != null) {
			claims.put("t", this.returnTo);
		}
		claims.put("x", this.expiresAt.getEpochSecond());
		return claims;
	}

	/** The transaction these claims describe, or null when they are not one (a stale format). */
	static LoginTransaction fromClaims(Map<String, Object> claims) {
		if (!(claims.get("f") instanceof String flow) || !(claims.get("x") instanceof Number expiresAt)) {
			return null;
		}
		String state = text(claims, "s");
		String verifier = text(claims, "v");
		String nonce = text(claims, "n");
		String redirectUri = text(claims, "r");
		if (state == null || verifier == null || nonce == null || redirectUri == null
				|| !("BROWSER".equals(flow) || "APP".equals(flow))) {
			return null;
		}
		return new LoginTransaction(Flow.valueOf(flow), state, verifier, nonce, redirectUri, text(claims, "t"),
				Instant.ofEpochSecond(expiresAt.longValue()));
	}

	private static String text(Map<String, Object> claims, String name) {
		return (claims.get(name) instanceof String value) ? value : null;
	}

	@Override
	public String toString() {
		return "LoginTransaction[" + this.flow + ", redirectUri=" + this.redirectUri + ", expiresAt=" + this.expiresAt
				+ "]";
	}

}
