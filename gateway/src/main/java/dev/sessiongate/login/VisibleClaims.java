package dev.sessiongate.login;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The ID token claims a client may see: profile, email and phone claims (OIDC Core 5.1)
 * and {@code sub}. Everything else stays in the session: {@code sid}, {@code nonce},
 * hashes and whatever else an IdP adds.
 */
final class VisibleClaims {

	private static final Set<String> VISIBLE = Set.of("sub", "name", "given_name", "family_name", "middle_name",
			"nickname", "preferred_username", "profile", "picture", "website", "email", "email_verified", "gender",
			"birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "updated_at");

	private VisibleClaims() {
	}

	static Map<String, Object> of(String claimsJson) {
		Map<String, Object> visible = new LinkedHashMap<>();
		try {
			JSONObjectUtils.parse(claimsJson).forEach((name, value) -> {
				if (VISIBLE.contains(name)) {
					visible.put(name, value);
				}
			});
		}
		catch (ParseException ex) {
			// Stored by us from a verified token: unreadable only if corrupted; show nothing then.
		}
		return visible;
	}

}
