package dev.sessiongate.token;

import java.util.regex.Pattern;

import dev.sessiongate.token.OidcProperties.ClientAuthenticationMethod;

/**
 * What a token endpoint's refusal means for the operator. {@code invalid_client} and
 * {@code unauthorized_client} are configuration problems, not outages: the log line names
 * the settings to check. Never the secret, never the assertion.
 */
final class TokenEndpointErrors {

	private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

	private TokenEndpointErrors() {
	}

	/** The error code and, for a client problem, which settings to check. */
	static String describe(String code, ClientAuthenticationMethod method) {
		String safe = safe(code);
		if ("invalid_client".equals(code)) {
			return safe + ": the IdP did not accept this client's credentials (" + method.value() + "); check "
					+ settingsOf(method) + ", and that the client is registered for " + method.value();
		}
		if ("unauthorized_client".equals(code)) {
			return safe + ": the IdP does not allow this client this grant; check the client's registration "
					+ "(authorization code and refresh token grants) and sessiongate.oidc.client-id";
		}
		return safe;
	}

	/** The code if it looks like an OAuth error code; a placeholder otherwise (it is the IdP's text). */
	static String safe(String code) {
		return (code != null && ERROR_CODE.matcher(code).matches()) ? code : "unrecognised error code";
	}

	private static String settingsOf(ClientAuthenticationMethod method) {
		return switch (method) {
			case CLIENT_SECRET_BASIC, CLIENT_SECRET_POST ->
				"sessiongate.oidc.client-id and sessiongate.oidc.client-secret";
			case PRIVATE_KEY_JWT -> "sessiongate.oidc.client-id, sessiongate.oidc.client-key-location (or client-key), "
					+ "sessiongate.oidc.client-key-id and sessiongate.oidc.client-assertion-audience";
			case TLS_CLIENT_AUTH -> "sessiongate.oidc.client-id and the certificate of sessiongate.oidc.client-tls-bundle";
		};
	}

}
