package dev.sessiongate.token;

import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * The signature algorithms an ID token (or logout token) may use: those the IdP
 * advertises ({@code id_token_signing_alg_values_supported}) that are also on a safe
 * allow-list of asymmetric algorithms. Never {@code none}, never an HMAC: a verifier that
 * accepted HS256 would take the IdP's public key for the secret (algorithm confusion).
 */
public final class IdTokenAlgorithms {

	/** In the order they are preferred; EdDSA under both its JOSE names (RFC 8037, RFC 9864). */
	static final List<JWSAlgorithm> SAFE = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
			JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
			JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

	private IdTokenAlgorithms() {
	}

	/**
	 * The safe algorithms among {@code advertised}; RS256 alone when the IdP advertises none
	 * (OIDC Discovery makes the field required and RS256 the one every IdP must support).
	 */
	static List<JWSAlgorithm> accepted(List<JWSAlgorithm> advertised) {
		if (advertised == null || advertised.isEmpty()) {
			return List.of(JWSAlgorithm.RS256);
		}
		return SAFE.stream().filter(advertised::contains).toList();
	}

}
