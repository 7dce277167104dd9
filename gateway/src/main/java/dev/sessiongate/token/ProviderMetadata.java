package dev.sessiongate.token;

import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * What this gateway uses of the IdP's OpenID Connect discovery document.
 *
 * @param issuer the issuer it declares: exactly the configured one
 * @param authorizationEndpoint where logins start
 * @param tokenEndpoint where codes and refresh tokens are exchanged
 * @param jwksUri the IdP's signing keys
 * @param revocationEndpoint RFC 7009 revocation, or null
 * @param endSessionEndpoint RP-initiated logout, or null
 * @param tokenEndpointAuthMethods the client authentication methods it supports
 * @param issuerInAuthorizationResponse whether it puts {@code iss} in every authorization
 * response (RFC 9207, {@code authorization_response_iss_parameter_supported})
 */
public record ProviderMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri,
		URI revocationEndpoint, URI endSessionEndpoint, List<String> tokenEndpointAuthMethods,
		boolean issuerInAuthorizationResponse) {

	/**
	 * Reads a discovery document and checks it against the configuration: its issuer must
	 * be the configured one exactly (OIDC Discovery 4.3), so another IdP's document, served
	 * by mistake or by an attacker on the way, is never trusted; and its endpoints must be
	 * {@code https} unless plain http is allowed.
	 */
	static ProviderMetadata parse(String json, OidcProperties expected) throws ParseException {
		Map<String, Object> document = JSONObjectUtils.parse(json);
		String issuer = required(document, "issuer");
		if (!issuer.equals(expected.issuerUri().toString())) {
			throw new ParseException("discovery document names another issuer than sessiongate.oidc.issuer-uri", 0);
		}
		List<String> authMethods = JSONObjectUtils.getStringList(document, "token_endpoint_auth_methods_supported");
		ProviderMetadata metadata = new ProviderMetadata(issuer, uri(document, "authorization_endpoint", true),
				uri(document, "token_endpoint", true), uri(document, "jwks_uri", true),
				uri(document, "revocation_endpoint", false), uri(document, "end_session_endpoint", false),
				// OIDC Discovery: when omitted, the default is client_secret_basic.
				(authMethods != null) ? authMethods : List.of("client_secret_basic"),
				Boolean.TRUE.equals(document.get("authorization_response_iss_parameter_supported")));
		metadata.checkSecure(expected.allowInsecureHttp());
		return metadata;
	}

	/** Whether the client sends its secret in the form rather than in a Basic header. */
	public boolean usesClientSecretPost() {
		return !this.tokenEndpointAuthMethods.contains("client_secret_basic")
				&& this.tokenEndpointAuthMethods.contains("client_secret_post");
	}

	/**
	 * Whether an authorization response with this {@code iss} (null when absent) may come
	 * from this IdP (RFC 9207 2.4): when present it must be the issuer, and it must be
	 * present when the IdP says it always sends it.
	 */
	public boolean acceptsAuthorizationResponseIssuer(String iss) {
		return (iss != null) ? this.issuer.equals(iss) : !this.issuerInAuthorizationResponse;
	}

	private void checkSecure(boolean allowInsecureHttp) throws ParseException {
		if (allowInsecureHttp) {
			return;
		}
		for (URI endpoint : new URI[] { URI.create(this.issuer), this.authorizationEndpoint, this.tokenEndpoint,
				this.jwksUri, this.revocationEndpoint, this.endSessionEndpoint }) {
			if (endpoint != null && !"https".equalsIgnoreCase(endpoint.getScheme())) {
				throw new ParseException("discovery document names a plain-http endpoint; set "
						+ "sessiongate.oidc.allow-insecure-http=true for local development only", 0);
			}
		}
	}

	private static String required(Map<String, Object> document, String name) throws ParseException {
		String value = JSONObjectUtils.getString(document, name);
		if (value == null || value.isBlank()) {
			throw new ParseException("discovery document lacks " + name, 0);
		}
		return value;
	}

	private static URI uri(Map<String, Object> document, String name, boolean required) throws ParseException {
		String value = required ? required(document, name) : JSONObjectUtils.getString(document, name);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			URI uri = new URI(value);
			if (!uri.isAbsolute()) {
				throw new ParseException("discovery document's " + name + " is not an absolute URI", 0);
			}
			return uri;
		}
		catch (java.net.URISyntaxException ex) {
			throw new ParseException("discovery document's " + name + " is not a URI", 0);
		}
	}

}
