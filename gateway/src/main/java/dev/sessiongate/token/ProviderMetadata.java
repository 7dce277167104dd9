package dev.sessiongate.token;

import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * What this gateway uses of the IdP's OpenID Connect discovery document.
 *
 * @param issuer the issuer it declares
 * @param authorizationEndpoint where logins start
 * @param tokenEndpoint where codes and refresh tokens are exchanged
 * @param jwksUri the IdP's signing keys
 * @param revocationEndpoint RFC 7009 revocation, or null
 * @param endSessionEndpoint RP-initiated logout, or null
 * @param tokenEndpointAuthMethods the client authentication methods it supports
 */
public record ProviderMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri,
		URI revocationEndpoint, URI endSessionEndpoint, List<String> tokenEndpointAuthMethods) {

	static ProviderMetadata parse(String json) throws ParseException {
		Map<String, Object> document = JSONObjectUtils.parse(json);
		List<String> authMethods = JSONObjectUtils.getStringList(document, "token_endpoint_auth_methods_supported");
		return new ProviderMetadata(required(document, "issuer"),
				URI.create(required(document, "authorization_endpoint")), URI.create(required(document, "token_endpoint")),
				URI.create(required(document, "jwks_uri")), optionalUri(document, "revocation_endpoint"),
				optionalUri(document, "end_session_endpoint"),
				// OIDC Discovery: when omitted, the default is client_secret_basic.
				(authMethods != null) ? authMethods : List.of("client_secret_basic"));
	}

	/** Whether the client sends its secret in the form rather than in a Basic header. */
	public boolean usesClientSecretPost() {
		return !this.tokenEndpointAuthMethods.contains("client_secret_basic")
				&& this.tokenEndpointAuthMethods.contains("client_secret_post");
	}

	private static String required(Map<String, Object> document, String name) throws ParseException {
		String value = JSONObjectUtils.getString(document, name);
		if (value == null || value.isBlank()) {
			throw new ParseException("discovery document lacks " + name, 0);
		}
		return value;
	}

	private static URI optionalUri(Map<String, Object> document, String name) throws ParseException {
		String value = JSONObjectUtils.getString(document, name);
		return (value == null || value.isBlank()) ? null : URI.create(value);
	}

}
