package dev.sessiongate.token;

import java.net.URI;
import java.text.ParseException;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.as.ReadOnlyAuthorizationServerEndpointMetadata;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

/**
 * What this gateway uses of the IdP's OpenID Connect discovery document, read by the
 * Nimbus OAuth 2.0 SDK ({@link OIDCProviderMetadata}) and checked against the
 * configuration: its issuer must be the configured one exactly (OIDC Discovery 4.3), so
 * another IdP's document, served by mistake or by an attacker on the way, is never
 * trusted; and its endpoints must be {@code https} unless plain http is allowed.
 */
public final class ProviderMetadata {

	private final OIDCProviderMetadata document;

	private final List<JWSAlgorithm> idTokenAlgorithms;

	private ProviderMetadata(OIDCProviderMetadata document) {
		this.document = document;
		this.idTokenAlgorithms = IdTokenAlgorithms.accepted(document.getIDTokenJWSAlgs());
	}

	static ProviderMetadata parse(String json, OidcProperties expected) throws ParseException {
		OIDCProviderMetadata document;
		try {
			document = OIDCProviderMetadata.parse(json);
		}
		catch (com.nimbusds.oauth2.sdk.ParseException ex) {
			// The SDK's message names the field; it never quotes a secret (there is none in discovery).
			throw new ParseException("discovery document is invalid: " + ex.getMessage(), 0);
		}
		if (!document.getIssuer().getValue().equals(expected.issuerUri().toString())) {
			throw new ParseException("discovery document names another issuer than sessiongate.oidc.issuer-uri", 0);
		}
		for (String required : new String[] { "authorization_endpoint", "token_endpoint", "jwks_uri" }) {
			if (document.toJSONObject().get(required) == null) {
				throw new ParseException("discovery document lacks " + required, 0);
			}
		}
		ProviderMetadata metadata = new ProviderMetadata(document);
		metadata.checkSecure(expected.allowInsecureHttp());
		return metadata;
	}

	public String issuer() {
		return this.document.getIssuer().getValue();
	}

	public URI authorizationEndpoint() {
		return this.document.getAuthorizationEndpointURI();
	}

	public URI tokenEndpoint() {
		return this.document.getTokenEndpointURI();
	}

	public URI jwksUri() {
		return this.document.getJWKSetURI();
	}

	/** RFC 7009 revocation, or null. */
	public URI revocationEndpoint() {
		return this.document.getRevocationEndpointURI();
	}

	/** RP-initiated logout, or null. */
	public URI endSessionEndpoint() {
		return this.document.getEndSessionEndpointURI();
	}

	/** RFC 9126 pushed authorization requests, or null. */
	public URI pushedAuthorizationRequestEndpoint() {
		return this.document.getPushedAuthorizationRequestEndpointURI();
	}

	/** Whether the IdP accepts authorization requests only pushed ({@code require_pushed_authorization_requests}). */
	public boolean requiresPushedAuthorizationRequests() {
		return this.document.requiresPushedAuthorizationRequests();
	}

	/** The RFC 8705 {@code mtls_endpoint_aliases}, or null: where a client certificate is to be presented. */
	ReadOnlyAuthorizationServerEndpointMetadata mtlsEndpointAliases() {
		return this.document.getReadOnlyMtlsEndpointAliases();
	}

	/** The client authentication methods it names, or null when it names none (then only basic is implied). */
	List<com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod> tokenEndpointAuthMethods() {
		return this.document.getTokenEndpointAuthMethods();
	}

	/** The algorithms the IdP may sign assertions with, or null when it names none. */
	List<JWSAlgorithm> tokenEndpointAssertionAlgorithms() {
		return this.document.getTokenEndpointJWSAlgs();
	}

	/** The ID-token signature algorithms accepted: what the IdP advertises within {@link IdTokenAlgorithms}. */
	public List<JWSAlgorithm> idTokenAlgorithms() {
		return this.idTokenAlgorithms;
	}

	/**
	 * Whether an authorization response with this {@code iss} (null when absent) may come
	 * from this IdP (RFC 9207 2.4): when present it must be the issuer, and it must be
	 * present when the IdP says it always sends it.
	 */
	public boolean acceptsAuthorizationResponseIssuer(String iss) {
		return (iss != null) ? issuer().equals(iss) : !this.document.supportsAuthorizationResponseIssuerParam();
	}

	private void checkSecure(boolean allowInsecureHttp) throws ParseException {
		if (allowInsecureHttp) {
			return;
		}
		ReadOnlyAuthorizationServerEndpointMetadata aliases = mtlsEndpointAliases();
		for (URI endpoint : new URI[] { URI.create(issuer()), authorizationEndpoint(), tokenEndpoint(), jwksUri(),
				revocationEndpoint(), endSessionEndpoint(), pushedAuthorizationRequestEndpoint(),
				(aliases != null) ? aliases.getTokenEndpointURI() : null,
				(aliases != null) ? aliases.getRevocationEndpointURI() : null,
				(aliases != null) ? aliases.getPushedAuthorizationRequestEndpointURI() : null }) {
			if (endpoint != null && !"https".equalsIgnoreCase(endpoint.getScheme())) {
				throw new ParseException("discovery document names a plain-http endpoint; set "
						+ "sessiongate.oidc.allow-insecure-http=true for local development only", 0);
			}
		}
	}

	@Override
	public String toString() {
		return "ProviderMetadata[issuer=" + issuer() + "]";
	}

}
