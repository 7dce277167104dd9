package dev.sessiongate.sandbox;

import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import org.jspecify.annotations.Nullable;

/**
 * How a sandbox IdP behaves like one kind of real provider or another. Start from {@link #none()}.
 *
 * @param opaqueAccessTokens access tokens are random strings, not JWTs (Google, Auth0 without an audience); the
 * sandbox API looks them up at the IdP, as a resource server introspects
 * @param requiredAuthorizationParameters parameters {@code /authorize} refuses to go without (Auth0's
 * {@code audience}, Google's {@code access_type}); a request without them is redirected back with
 * {@code error=invalid_request}
 * @param requiredTokenParameters parameters the token endpoint refuses to go without ({@code resource})
 * @param pushedAuthorizationRequired discovery names a PAR endpoint and says it is required; {@code /authorize}
 * then refuses parameters that were not pushed, as Keycloak does
 * @param idTokenAlgorithm what ID and logout tokens are signed with and discovery advertises (RS256, PS256, ES256,
 * EdDSA); access tokens stay RS256
 * @param clientKey for {@code private_key_jwt}: the client's registered public key
 * @param certificates for {@code tls_client_auth}: the PKI; token, revocation and PAR are then served over TLS at
 * the discovery document's {@code mtls_endpoint_aliases}, and the client's certificate must carry
 * {@link TestCertificates#CLIENT_SUBJECT}
 */
public record Quirks(boolean opaqueAccessTokens, Map<String, String> requiredAuthorizationParameters,
		Map<String, String> requiredTokenParameters, boolean pushedAuthorizationRequired,
		JWSAlgorithm idTokenAlgorithm, @Nullable JWK clientKey, @Nullable TestCertificates certificates) {

	public Quirks {
		requiredAuthorizationParameters = Map.copyOf(requiredAuthorizationParameters);
		requiredTokenParameters = Map.copyOf(requiredTokenParameters);
	}

	public static Quirks none() {
		return new Quirks(false, Map.of(), Map.of(), false, JWSAlgorithm.RS256, null, null);
	}

	public Quirks withOpaqueAccessTokens() {
		return new Quirks(true, this.requiredAuthorizationParameters, this.requiredTokenParameters,
				this.pushedAuthorizationRequired, this.idTokenAlgorithm, this.clientKey, this.certificates);
	}

	public Quirks withRequiredParameters(Map<String, String> authorization, Map<String, String> token) {
		return new Quirks(this.opaqueAccessTokens, authorization, token, this.pushedAuthorizationRequired,
				this.idTokenAlgorithm, this.clientKey, this.certificates);
	}

	public Quirks withPushedAuthorizationRequired() {
		return new Quirks(this.opaqueAccessTokens, this.requiredAuthorizationParameters, this.requiredTokenParameters,
				true, this.idTokenAlgorithm, this.clientKey, this.certificates);
	}

	public Quirks withIdTokenAlgorithm(JWSAlgorithm algorithm) {
		return new Quirks(this.opaqueAccessTokens, this.requiredAuthorizationParameters, this.requiredTokenParameters,
				this.pushedAuthorizationRequired, algorithm, this.clientKey, this.certificates);
	}

	public Quirks withClientKey(JWK key) {
		return new Quirks(this.opaqueAccessTokens, this.requiredAuthorizationParameters, this.requiredTokenParameters,
				this.pushedAuthorizationRequired, this.idTokenAlgorithm, key.toPublicJWK(), this.certificates);
	}

	public Quirks withCertificates(TestCertificates pki) {
		return new Quirks(this.opaqueAccessTokens, this.requiredAuthorizationParameters, this.requiredTokenParameters,
				this.pushedAuthorizationRequired, this.idTokenAlgorithm, this.clientKey, pki);
	}

}
