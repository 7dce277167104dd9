package dev.sessiongate.interop;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One event Keycloak stored for the realm (the realm has events on). Refresh-token reuse
 * shows as a {@code REFRESH_TOKEN_ERROR} whose {@code error} is {@code invalid_token} and
 * whose {@code details.reason} is "Maximum allowed refresh token reuse exceeded" (seen in
 * these tests); "Stale token", Keycloak's reason for a token older than the client
 * session's last refresh, is matched too, though no test here provokes it.
 *
 * @param type {@code REFRESH_TOKEN}, {@code REFRESH_TOKEN_ERROR}, {@code CODE_TO_TOKEN},
 * {@code REVOKE_GRANT} and the like
 * @param sessionId the Keycloak session, the {@code sid} of the tokens
 * @param error the error code of an {@code _ERROR} event
 * @param details Keycloak's details (grant type, token ids, reason); no token values
 */
record KeycloakEvent(String type, @Nullable String sessionId, @Nullable String error, Map<String, String> details) {

	static KeycloakEvent of(Map<String, Object> json) {
		Map<String, String> details = new LinkedHashMap<>();
		if (json.get("details") instanceof Map<?, ?> fields) {
			fields.forEach((name, value) -> details.put(String.valueOf(name), String.valueOf(value)));
		}
		return new KeycloakEvent(String.valueOf(json.get("type")), (String) json.get("sessionId"),
				(String) json.get("error"), details);
	}

	boolean isOf(String sid) {
		return sid.equals(this.sessionId);
	}

	boolean isRefresh() {
		return "REFRESH_TOKEN".equals(this.type);
	}

	boolean isRefreshError() {
		return "REFRESH_TOKEN_ERROR".equals(this.type);
	}

	/** Keycloak's verdict that a rotated refresh token came back. */
	boolean isRefreshTokenReuse() {
		String reason = this.details.getOrDefault("reason", "");
		return isRefreshError() && (reason.contains("refresh token reuse") || reason.contains("Stale token"));
	}

}
