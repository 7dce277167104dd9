package dev.sessiongate.token;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Revokes refresh tokens at the IdP (RFC 7009), authenticated as at the token endpoint.
 * Not retried: a logout must not wait long on an IdP that fails.
 */
@Component
public class TokenRevocationClient {

	private final WebClient webClient;

	private final ProviderMetadataSource metadata;

	private final ClientAuthentication authentication;

	TokenRevocationClient(WebClient idpWebClient, ProviderMetadataSource metadata, OidcProperties properties) {
		this.webClient = idpWebClient;
		this.metadata = metadata;
		this.authentication = new ClientAuthentication(properties);
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
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", refreshToken);
		form.add("token_type_hint", "refresh_token");
		WebClient.RequestBodySpec request = this.webClient.post()
			.uri(provider.revocationEndpoint())
			.attribute(IdpEndpoint.ATTRIBUTE, IdpEndpoint.REVOCATION)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		return this.authentication.apply(provider, request, form)
			.body(BodyInserters.fromFormData(form))
			.exchangeToMono(TokenRevocationClient::read);
	}

	private static Mono<Boolean> read(ClientResponse response) {
		if (response.statusCode().is2xxSuccessful()) {
			return response.releaseBody().thenReturn(true);
		}
		int status = response.statusCode().value();
		return response.releaseBody()
			.then(Mono.error(() -> new IllegalStateException("revocation endpoint answered " + status)));
	}

}
