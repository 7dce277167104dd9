package dev.sessiongate.sandbox;

import java.util.Map;

/**
 * What an OAuth endpoint answers: a status, a JSON body and the few headers errors need.
 */
record OAuthResponse(int status, Map<String, Object> body, Map<String, String> headers) {

	static OAuthResponse ok(Map<String, Object> body) {
		return new OAuthResponse(200, body, Map.of());
	}

	static OAuthResponse error(int status, String error) {
		return new OAuthResponse(status, Map.of("error", error), Map.of());
	}

	static OAuthResponse invalidRequest() {
		return error(400, "invalid_request");
	}

	static OAuthResponse invalidGrant() {
		return error(400, "invalid_grant");
	}

	static OAuthResponse invalidClient() {
		return new OAuthResponse(401, Map.of("error", "invalid_client"),
				Map.of("WWW-Authenticate", "Basic realm=\"sandbox\""));
	}

}
