package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * A session's claims are those of its ID token after a login (the login stores the verified
 * token's claims), so a session need not store them twice: they are read from the ID token's
 * payload. After a refresh that brought a new ID token (verified like the first), the claims
 * are the new token's.
 */
final class IdTokenClaims {

	private IdTokenClaims() {
	}

	/** Whether {@code claimsJson} says what the ID token's payload says, however either is written. */
	static boolean areThoseOf(String claimsJson, String idToken) {
		String payload = of(idToken);
		if (payload == null || claimsJson == null) {
			return false;
		}
		if (payload.equals(claimsJson)) {
			return true;
		}
		try {
			return JWTClaimsSet.parse(payload).toJSONObject().equals(JWTClaimsSet.parse(claimsJson).toJSONObject());
		}
		catch (ParseException ex) {
			return false;
		}
	}

	/** The ID token's claims as it carries them (JSON), or null when it is not a JWS. */
	static String of(String idToken) {
		byte[] payload = CompactTokens.payload(idToken);
		return (payload != null) ? new String(payload, StandardCharsets.UTF_8) : null;
	}

	/**
	 * The claims of a session whose tokens become {@code next}: the new ID token's when the
	 * session's claims were its ID token's, else the ones it has.
	 */
	static String after(String claimsJson, String idToken, String nextIdToken) {
		String next = of(nextIdToken);
		return (next != null && areThoseOf(claimsJson, idToken)) ? next : claimsJson;
	}

}
