package dev.sessiongate.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.as.ReadOnlyAuthorizationServerEndpointMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import dev.sessiongate.token.OidcProperties.ClientAuthenticationMethod;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * How this gateway proves who it is at the IdP's token, revocation and PAR endpoints, as
 * Nimbus SDK {@link ClientAuthentication}s: a secret (Basic header or form), a
 * {@code private_key_jwt} assertion (RFC 7523: a fresh {@code jti}, {@link #ASSERTION_LIFETIME},
 * signed anew for every request), or the client certificate of {@code tls_client_auth}
 * (RFC 8705), which travels in the TLS handshake of the {@link #client() mTLS client} and
 * is sent to the endpoints' mTLS aliases when discovery names them. When the method is not
 * configured, the first the IdP offers that the settings allow is taken.
 */
@Component
public class ClientCredentials {

	/** Long enough for a slow IdP, short enough that a captured assertion is soon useless. */
	static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(60);

	private final OidcProperties properties;

	private final ClientID clientId;

	private final ClientKey key;

	private final WebClient client;

	private final Clock clock;

	ClientCredentials(OidcProperties properties, IdpClients clients, Clock clock) {
		this.properties = properties;
		this.clientId = new ClientID(properties.clientId());
		this.key = properties.hasClientKey() ? ClientKey.load(properties) : null;
		this.client = clients.forClientAuthentication();
		this.clock = clock;
	}

	/** The client for requests that carry these credentials: with the client certificate when there is one. */
	WebClient client() {
		return this.client;
	}

	/** The method in use with this IdP: the configured one, else the first the IdP offers that the settings allow. */
	ClientAuthenticationMethod method(ProviderMetadata provider) {
		if (this.properties.clientAuthentication() != null) {
			return this.properties.clientAuthentication();
		}
		List<com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod> offered = provider.tokenEndpointAuthMethods();
		if (this.key != null && offers(offered, ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
			return ClientAuthenticationMethod.PRIVATE_KEY_JWT;
		}
		if (this.properties.clientTlsBundle() != null && offers(offered, ClientAuthenticationMethod.TLS_CLIENT_AUTH)) {
			return ClientAuthenticationMethod.TLS_CLIENT_AUTH;
		}
		// OIDC Discovery: an IdP that names no method supports client_secret_basic.
		if (offered == null || offers(offered, ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				|| !offers(offered, ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
			return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
		}
		return ClientAuthenticationMethod.CLIENT_SECRET_POST;
	}

	/** The token endpoint to call: its mTLS alias with {@code tls_client_auth}, when there is one. */
	URI tokenEndpoint(ProviderMetadata provider) {
		return alias(provider, provider.tokenEndpoint(), ReadOnlyAuthorizationServerEndpointMetadata::getTokenEndpointURI);
	}

	/** The revocation endpoint to call, or null when the IdP has none. */
	URI revocationEndpoint(ProviderMetadata provider) {
		return alias(provider, provider.revocationEndpoint(),
				ReadOnlyAuthorizationServerEndpointMetadata::getRevocationEndpointURI);
	}

	/** The PAR endpoint to call, or null when the IdP has none. */
	URI pushedAuthorizationRequestEndpoint(ProviderMetadata provider) {
		return alias(provider, provider.pushedAuthorizationRequestEndpoint(),
				ReadOnlyAuthorizationServerEndpointMetadata::getPushedAuthorizationRequestEndpointURI);
	}

	/** The credentials for one request to {@code endpoint}. */
	ClientAuthentication authentication(ProviderMetadata provider, URI endpoint) {
		return switch (method(provider)) {
			case CLIENT_SECRET_POST -> new ClientSecretPost(this.clientId, secret());
			case PRIVATE_KEY_JWT -> assertion(provider, endpoint);
			// The certificate is in the handshake; the form names the client (RFC 8705 2).
			case TLS_CLIENT_AUTH -> new PKITLSClientAuthentication(this.clientId, (SSLSocketFactory) null);
			case CLIENT_SECRET_BASIC -> new ClientSecretBasic(this.clientId, secret());
		};
	}

	private Secret secret() {
		return new Secret((this.properties.clientSecret() != null) ? this.properties.clientSecret() : "");
	}

	private PrivateKeyJWT assertion(ProviderMetadata provider, URI endpoint) {
		if (this.key == null) {
			throw new IllegalStateException("private_key_jwt needs sessiongate.oidc.client-key-location");
		}
		Audience audience = new Audience(audience(provider, endpoint));
		Instant now = this.clock.instant();
		JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(this.clientId, List.of(audience),
				Date.from(now.plus(ASSERTION_LIFETIME)), null, Date.from(now), new JWTID());
		try {
			return new PrivateKeyJWT(claims, algorithm(provider), this.key.privateKey(), this.key.keyId(), null);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("private_key_jwt assertion could not be signed");
		}
	}

	/**
	 * Whom the assertion is for. The token endpoint's URL by default, also at the revocation and
	 * PAR endpoints: Keycloak, for one, refuses an assertion addressed to its revocation endpoint.
	 * The token endpoint as discovery names it, not its mTLS alias: it identifies the IdP.
	 */
	private String audience(ProviderMetadata provider, URI endpoint) {
		return switch (this.properties.clientAssertionAudience()) {
			case TOKEN_ENDPOINT -> provider.tokenEndpoint().toString();
			case ENDPOINT -> endpoint.toString();
			case ISSUER -> provider.issuer();
		};
	}

	/** RS256 or the key's ES algorithm; PS256 for an RSA key when the IdP takes only PS assertions. */
	private JWSAlgorithm algorithm(ProviderMetadata provider) {
		List<JWSAlgorithm> accepted = provider.tokenEndpointAssertionAlgorithms();
		JWSAlgorithm preferred = this.key.algorithm();
		if (accepted != null && !accepted.contains(preferred) && JWSAlgorithm.RS256.equals(preferred)
				&& accepted.contains(JWSAlgorithm.PS256)) {
			return JWSAlgorithm.PS256;
		}
		return preferred;
	}

	private URI alias(ProviderMetadata provider, URI endpoint,
			java.util.function.Function<ReadOnlyAuthorizationServerEndpointMetadata, URI> aliasOf) {
		ReadOnlyAuthorizationServerEndpointMetadata aliases = provider.mtlsEndpointAliases();
		if (aliases == null || method(provider) != ClientAuthenticationMethod.TLS_CLIENT_AUTH) {
			return endpoint;
		}
		URI alias = aliasOf.apply(aliases);
		return (alias != null) ? alias : endpoint;
	}

	private static boolean offers(List<com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod> offered,
			ClientAuthenticationMethod method) {
		return offered != null && offered.stream().anyMatch(sdk -> sdk.getValue().equals(method.value()));
	}

}
