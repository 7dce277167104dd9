package dev.sessiongate.interop;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the imported realm holds ({@code src/test/resources/keycloak/sessiongate-realm.json}):
 * refresh-token rotation with reuse detection ({@code revokeRefreshToken}, no reuse allowed),
 * one-minute access tokens, stored events, the user below and the gateway's clients, and a
 * cheap password hash (1000 rounds of PBKDF2) so that logins do not load the machine. Every
 * secret and key here is a test fixture, valid only against this throwaway realm.
 */
public final class InteropRealm {

	public static final String USERNAME = "alice";

	public static final String PASSWORD = "alice-interop-password";

	/** The app redirect URI every gateway client registers; browser callbacks are any loopback port. */
	public static final String APP_REDIRECT_URI = "dev.sessiongate.test:/oauth2redirect";

	/** Keycloak's access-token lifespan in this realm. */
	public static final int ACCESS_TOKEN_SECONDS = 60;

	private InteropRealm() {
	}

	/** The realm's clients for a gateway, and the gateway settings that sign in through each. */
	public enum Client {

		/** {@code client_secret_basic}, standard flow with PKCE S256: what the gateway does today. */
		GATEWAY("gateway", "interop-gateway-secret", Map.of()),

		/**
		 * {@code private_key_jwt}: Keycloak holds the public JWK (kid {@code gateway-jwt-test-1}),
		 * the test-only private key is {@code keycloak/private-key-jwt-client.pem} (PKCS#8).
		 */
		PRIVATE_KEY_JWT("gateway-private-key-jwt", null,
				Map.of("sessiongate.oidc.client-authentication", "private_key_jwt",
						"sessiongate.oidc.client-key-location", "classpath:keycloak/private-key-jwt-client.pem",
						"sessiongate.oidc.client-key-id", "gateway-jwt-test-1")),

		/** {@code client_secret_basic}; Keycloak accepts its authorization requests only pushed (RFC 9126). */
		PUSHED_AUTHORIZATION_REQUESTS("gateway-par", "interop-gateway-par-secret",
				Map.of("sessiongate.oidc.pushed-authorization-requests", "required"));

		private final String clientId;

		private final @Nullable String secret;

		private final Map<String, Object> gatewayProperties;

		Client(String clientId, @Nullable String secret, Map<String, Object> gatewayProperties) {
			this.clientId = clientId;
			this.secret = secret;
			this.gatewayProperties = gatewayProperties;
		}

		public String clientId() {
			return this.clientId;
		}

		public @Nullable String secret() {
			return this.secret;
		}

		/** The client's id, secret and authentication settings for a gateway (CONTRACT section 2). */
		public Map<String, Object> gatewayProperties() {
			Map<String, Object> properties = new java.util.LinkedHashMap<>(this.gatewayProperties);
			properties.put("sessiongate.oidc.client-id", this.clientId);
			if (this.secret != null) {
				properties.put("sessiongate.oidc.client-secret", this.secret);
			}
			return properties;
		}

	}

}
