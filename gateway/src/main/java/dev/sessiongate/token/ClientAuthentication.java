package dev.sessiongate.token;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Authenticates this client to the IdP as its discovery document says: the secret in the
 * form ({@code client_secret_post}) or in a Basic header ({@code client_secret_basic}).
 */
final class ClientAuthentication {

	private final OidcProperties properties;

	ClientAuthentication(OidcProperties properties) {
		this.properties = properties;
	}

	/** Adds the credentials to {@code form} or {@code request}, returning the request. */
	WebClient.RequestBodySpec apply(ProviderMetadata provider, WebClient.RequestBodySpec request,
			MultiValueMap<String, String> form) {
		if (provider.usesClientSecretPost()) {
			form.add("client_id", this.properties.clientId());
			if (this.properties.clientSecret() != null) {
				form.add("client_secret", this.properties.clientSecret());
			}
			return request;
		}
		return request.header(HttpHeaders.AUTHORIZATION, basicCredentials());
	}

	private String basicCredentials() {
		String secret = (this.properties.clientSecret() != null) ? this.properties.clientSecret() : "";
		// RFC 6749 2.3.1: both parts are form-encoded before Basic encoding.
		String pair = URLEncoder.encode(this.properties.clientId(), StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

}
