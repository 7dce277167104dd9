package dev.sessiongate.token;

import java.net.URI;

import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Revokes refresh tokens at the IdP (RFC 7009), with a Nimbus SDK
 * {@link TokenRevocationRequest} authenticated as at the token endpoint. Not retried: a
 * logout must not wait long on an IdP that fails.
 */
@Component
public class TokenRevocationClient {

	private final ProviderMetadataSource metadata;

	private final ClientCredentials credentials;

	TokenRevocationClient(ProviderMetadataSource metadata, ClientCredentials credentials) {
		this.metadata = metadata;
		this.credentials = credentials;
	}

	/**
	 * Revokes {@code refreshToken}: true when the IdP confirmed, false when it has no
	 * revocation endpoint; an {@link IdentityProviderException} when it failed.
	 */
	public Mono<Boolean> revoke(String refreshToken) {
		return this.metadata.get()
			.flatMap(provider -> (provider.revocationEndpoint() != null) ? post(provider, refreshToken)
					: Mono.just(false))
			.onErrorMap(IdentityProviderException::unavailable);
	}

	private Mono<Boolean> post(ProviderMetadata provider, String refreshToken) {
		URI endpoint = this.credentials.revocationEndpoint(provider);
		TokenRevocationRequest request = new TokenRevocationRequest(endpoint,
				this.credentials.authentication(provider, endpoint), new RefreshToken(refreshToken));
		return IdpHttp.exchange(this.credentials.client(), request.toHTTPRequest(), IdpEndpoint.REVOCATION)
			.map(TokenRevocationClient::confirmed);
	}

	private static boolean confirmed(HTTPResponse answer) {
		if (!answer.indicatesSuccess()) {
			throw new IllegalStateException("revocation endpoint answered " + answer.getStatusCode());
		}
		return true;
	}

}
