package dev.sessiongate.sandbox;

/**
 * A defect for the next ID token the token endpoint issues, see {@link SandboxIdp#nextIdTokenFlaw}.
 */
public enum IdTokenFlaw {

	/**
	 * The payload is changed after signing, so the signature no longer matches.
	 */
	TAMPERED,

	/**
	 * Expired an hour ago.
	 */
	EXPIRED,

	/**
	 * Audience is another client.
	 */
	WRONG_AUDIENCE,

	/**
	 * Nonce differs from the one in the authorization request (and is present even when none was sent).
	 */
	WRONG_NONCE,

	/**
	 * Unsigned: header {@code "alg":"none"} and an empty signature.
	 */
	ALG_NONE,

	/**
	 * Issuer is another provider.
	 */
	WRONG_ISSUER,

	/**
	 * Signed with a well-formed RSA key whose {@code kid} is not in the JWKS.
	 */
	SIGNED_BY_UNKNOWN_KEY,

	/**
	 * Signed with the IdP's own key, but as PS256, which its discovery document does not advertise.
	 */
	UNADVERTISED_ALGORITHM

}
