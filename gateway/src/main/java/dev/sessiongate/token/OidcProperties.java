package dev.sessiongate.token;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The identity provider and this gateway's client registration at it.
 *
 * @param issuerUri the IdP's issuer; discovery is read from
 * {@code <issuer>/.well-known/openid-configuration}
 * @param clientId this gateway's client id
 * @param clientSecret its secret, for {@code client_secret_basic} and
 * {@code client_secret_post}; never logged
 * @param scopes scopes asked for at login. Defaults to openid, profile, email,
 * offline_access.
 * @param redirectUri the browser flow's callback URI
 * @param appRedirectUris the mobile flow's redirect URIs, matched exactly
 * @param postLogoutRedirectUri where the IdP sends the browser after RP-initiated logout
 * @param connectTimeout connect timeout for calls to the IdP. Defaults to 2 seconds.
 * @param responseTimeout response timeout for calls to the IdP. Defaults to 5 seconds.
 * @param allowInsecureHttp whether the issuer and the endpoints its discovery document
 * names may be plain {@code http}: for local development and tests only. Defaults to
 * false: every IdP URL must be {@code https}.
 * @param authorizationParameters parameters added to every authorization request, such as
 * Auth0's {@code audience} or Google's {@code access_type} and {@code prompt}; the
 * parameters the gateway sets itself are refused at start-up. Defaults to none.
 * @param tokenRequestParameters parameters added to code and refresh grants, for IdPs that
 * want a {@code resource} or {@code audience} there; the grant's own parameters are
 * refused at start-up. Defaults to none.
 * @param clientAuthentication how the gateway authenticates at the token, revocation and
 * PAR endpoints: {@code client_secret_basic}, {@code client_secret_post},
 * {@code private_key_jwt} or {@code tls_client_auth}. Defaults to the first the IdP's
 * discovery document offers that the other settings allow (a key, a bundle, a secret).
 * @param clientKeyLocation for {@code private_key_jwt}: the RSA or EC private key, PKCS#8
 * PEM or JWK JSON, at any Spring resource location ({@code file:}, {@code classpath:})
 * @param clientKey for {@code private_key_jwt}: the key itself (PEM or JWK JSON) instead of
 * a location, for a key mounted as a config tree or set in the environment; never logged
 * @param clientKeyId the private key's {@code kid} as registered at the IdP. Defaults to
 * the JWK's own {@code kid}.
 * @param clientAssertionAudience the {@code aud} of {@code private_key_jwt} assertions, at
 * the token, revocation and PAR endpoints alike: {@code token-endpoint} (the token endpoint's
 * URL, as OIDC Core 9 asks and RFC 9126 requires PAR endpoints to accept; Keycloak, Entra ID),
 * {@code endpoint} (the URL each assertion is sent to, as Okta wants it) or {@code issuer}
 * (the IdP's issuer, as Auth0 wants it). Defaults to token-endpoint.
 * @param clientTlsBundle for {@code tls_client_auth}: the Spring Boot SSL bundle
 * ({@code spring.ssl.bundle.*}) with the client certificate and its key, presented to the
 * token, revocation and PAR endpoints (their RFC 8705 mTLS aliases when discovery names them)
 * @param pushedAuthorizationRequests whether authorization requests are pushed (RFC 9126):
 * {@code auto} when discovery names a PAR endpoint, {@code required} always (start-up
 * logins fail if the IdP has none), {@code off} never. Defaults to auto.
 */
@Validated
@ConfigurationProperties("sessiongate.oidc")
public record OidcProperties(@NotNull URI issuerUri, @NotBlank String clientId, String clientSecret,
		@DefaultValue({ "openid", "profile", "email", "offline_access" }) List<String> scopes, URI redirectUri,
		@DefaultValue({}) List<String> appRedirectUris, URI postLogoutRedirectUri,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration responseTimeout,
		@DefaultValue("false") boolean allowInsecureHttp, Map<String, String> authorizationParameters,
		Map<String, String> tokenRequestParameters, ClientAuthenticationMethod clientAuthentication,
		String clientKeyLocation, String clientKey, String clientKeyId,
		@DefaultValue("token-endpoint") AssertionAudience clientAssertionAudience, String clientTlsBundle,
		@DefaultValue("auto") PushedAuthorizationRequests pushedAuthorizationRequests) {

	public OidcProperties {
		authorizationParameters = (authorizationParameters != null) ? Map.copyOf(authorizationParameters) : Map.of();
		tokenRequestParameters = (tokenRequestParameters != null) ? Map.copyOf(tokenRequestParameters) : Map.of();
		clientAssertionAudience = (clientAssertionAudience != null) ? clientAssertionAudience
				: AssertionAudience.TOKEN_ENDPOINT;
		pushedAuthorizationRequests = (pushedAuthorizationRequests != null) ? pushedAuthorizationRequests
				: PushedAuthorizationRequests.AUTO;
	}

	/** The settings of tests and tools that name only the IdP and the client. */
	public static OidcProperties of(URI issuerUri, String clientId, String clientSecret, boolean allowInsecureHttp) {
		return new OidcProperties(issuerUri, clientId, clientSecret, List.of("openid"), null, List.of(), null,
				Duration.ofSeconds(2), Duration.ofSeconds(5), allowInsecureHttp, Map.of(), Map.of(), null, null, null,
				null, AssertionAudience.TOKEN_ENDPOINT, null, PushedAuthorizationRequests.AUTO);
	}

	/** Where the IdP's discovery document is: {@code <issuer>/.well-known/openid-configuration}. */
	public URI discoveryUri() {
		return URI.create(this.issuerUri.toString().replaceAll("/$", "") + "/.well-known/openid-configuration");
	}

	public boolean hasClientKey() {
		return this.clientKeyLocation != null || this.clientKey != null;
	}

	@Override
	public String toString() {
		return "OidcProperties[issuerUri=" + this.issuerUri + ", clientId=" + this.clientId + ", scopes=" + this.scopes
				+ ", clientAuthentication=" + this.clientAuthentication + "]";
	}

	/** The client authentication methods the gateway speaks (OIDC Core 9, RFC 8705). */
	public enum ClientAuthenticationMethod {

		CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, PRIVATE_KEY_JWT, TLS_CLIENT_AUTH;

		/** The name discovery documents use: {@code client_secret_basic}. */
		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** The audience of a {@code private_key_jwt} assertion. */
	public enum AssertionAudience {

		TOKEN_ENDPOINT, ENDPOINT, ISSUER

	}

	/** When authorization requests are pushed (RFC 9126). */
	public enum PushedAuthorizationRequests {

		AUTO, REQUIRED, OFF

	}

}
