package dev.sessiongate.token;

import java.net.URI;
import java.time.Duration;
import java.util.List;

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
 * @param clientSecret its secret; never logged
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
 */
@Validated
@ConfigurationProperties("sessiongate.oidc")
public record OidcProperties(@NotNull URI issuerUri, @NotBlank String clientId, String clientSecret,
		@DefaultValue({ "openid", "profile", "email", "offline_access" }) List<String> scopes, URI redirectUri,
		@DefaultValue({}) List<String> appRedirectUris, URI postLogoutRedirectUri,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5s") Duration responseTimeout,
		@DefaultValue("false") boolean allowInsecureHttp) {

	/** Where the IdP's discovery document is: {@code <issuer>/.well-known/openid-configuration}. */
	public URI discoveryUri() {
		return URI.create(this.issuerUri.toString().replaceAll("/$", "") + "/.well-known/openid-configuration");
	}

	@Override
	public String toString() {
		return "OidcProperties[issuerUri=" + this.issuerUri + ", clientId=" + this.clientId + ", scopes=" + this.scopes
				+ "]";
	}

}
