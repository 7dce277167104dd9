package dev.sessiongate.login;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A started login, kept in Redis until the IdP sends the user back. {@link #toString()}
 * leaves the secrets out.
 *
 * @param flow which endpoints started it, and so which may finish it
 * @param state the value the IdP must hand back
 * @param codeVerifier the PKCE verifier (RFC 7636)
 * @param nonce the value the ID token must carry
 * @param redirectUri the redirect URI the authorization request named
 * @param returnTo where the browser goes after login; null for apps
 * @param startedAt when it started
 */
record LoginTransaction(Flow flow, String state, String codeVerifier, String nonce, String redirectUri,
		String returnTo, Instant startedAt) {

	enum Flow {

		BROWSER, APP

	}

	byte[] toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("f", this.flow.name());
		json.put("s", this.state);
		json.put("v", this.codeVerifier);
		json.put("n", this.nonce);
		json.put("r", this.redirectUri);
		json.put("t", this.returnTo);
		json.put("c", this.startedAt.toEpochMilli());
		return JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
	}

	static LoginTransaction fromJson(byte[] bytes) {
		try {
			Map<String, Object> json = JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8));
			return new LoginTransaction(Flow.valueOf(JSONObjectUtils.getString(json, "f")),
					JSONObjectUtils.getString(json, "s"), JSONObjectUtils.getString(json, "v"),
					JSONObjectUtils.getString(json, "n"), JSONObjectUtils.getString(json, "r"),
					JSONObjectUtils.getString(json, "t"), Instant.ofEpochMilli(JSONObjectUtils.getLong(json, "c")));
		}
		catch (ParseException | RuntimeException ex) {
			throw new IllegalStateException("stored login transaction is unreadable");
		}
	}

	@Override
	public String toString() {
		return "LoginTransaction[" + this.flow + ", redirectUri=" + this.redirectUri + ", startedAt=" + this.startedAt
				+ "]";
	}

}
