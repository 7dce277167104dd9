package dev.sessiongate.sandbox;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Signs JWTs with the IdP's RS256 key (access tokens, and ID and logout tokens unless another algorithm is set), with
 * an ID-token key of another algorithm when the IdP is set to one (PS256, ES256, EdDSA), and on request in the ways
 * a verifier must refuse.
 */
final class JwtSigner {

	private final RSAKey key;

	private final JWSSigner signer;

	private final JWK idTokenKey;

	private final JWSAlgorithm idTokenAlgorithm;

	private final JWSSigner idTokenSigner;

	private JwtSigner(RSAKey key, JWSAlgorithm idTokenAlgorithm) {
		this.key = key;
		this.signer = signer(key);
		this.idTokenAlgorithm = idTokenAlgorithm;
		this.idTokenKey = JWSAlgorithm.RS256.equals(idTokenAlgorithm) ? key : IdTokenKeys.generate(idTokenAlgorithm);
		this.idTokenSigner = JWSAlgorithm.RS256.equals(idTokenAlgorithm) ? this.signer
				: IdTokenKeys.signer(this.idTokenKey);
	}

	static JwtSigner generate() {
		return generate(JWSAlgorithm.RS256);
	}

	static JwtSigner generate(JWSAlgorithm idTokenAlgorithm) {
		return new JwtSigner(generateKey(), idTokenAlgorithm);
	}

	RSAKey key() {
		return this.key;
	}

	JWSAlgorithm idTokenAlgorithm() {
		return this.idTokenAlgorithm;
	}

	Map<String, Object> publicJwks() {
		List<JWK> keys = (this.idTokenKey == this.key) ? List.of(this.key.toPublicJWK())
				: List.of(this.key.toPublicJWK(), this.idTokenKey.toPublicJWK());
		return new JWKSet(keys).toJSONObject(true);
	}

	/** An ID or logout token: signed with the ID-token key and algorithm. */
	String signIdToken(Map<String, Object> claims) {
		return sign(claims, this.idTokenKey.getKeyID(), this.idTokenAlgorithm, this.idTokenSigner);
	}

	/** Signed with the RSA key, but as PS256: an algorithm an IdP that advertises only RS256 does not use. */
	String signWithUnadvertisedAlgorithm(Map<String, Object> claims) {
		return sign(claims, this.key.getKeyID(), JWSAlgorithm.PS256, this.signer);
	}

	String sign(JWTClaimsSet claims) {
		return sign(claims.toJSONObject());
	}

	// Claims as a map: JWTClaimsSet always writes a single audience as a string, ID tokens want an array.
	String sign(Map<String, Object> claims) {
		return sign(claims, this.key, this.signer);
	}

	String signWithUnknownKey(Map<String, Object> claims) {
		return sign(claims, UnknownKey.KEY, UnknownKey.SIGNER);
	}

	String unsigned(Map<String, Object> claims) {
		return new PlainObject(new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), new Payload(claims))
			.serialize();
	}

	/**
	 * Signs {@code claims}, then swaps in {@code substitute} as the payload: a valid key, a broken signature.
	 */
	String tampered(Map<String, Object> claims, Map<String, Object> substitute) {
		String[] parts = sign(claims).split("\\.");
		return parts[0] + "." + Base64URL.encode(new Payload(substitute).toString()) + "." + parts[2];
	}

	private static String sign(Map<String, Object> claims, RSAKey key, JWSSigner signer) {
		return sign(claims, key.getKeyID(), JWSAlgorithm.RS256, signer);
	}

	private static String sign(Map<String, Object> claims, String keyId, JWSAlgorithm algorithm, JWSSigner signer) {
		JWSHeader header = new JWSHeader.Builder(algorithm).keyID(keyId).type(JOSEObjectType.JWT).build();
		JWSObject jws = new JWSObject(header, new Payload(claims));
		try {
			jws.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing failed", ex);
		}
		return jws.serialize();
	}

	private static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyID(SandboxHttp.randomId())
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("RSA key generation failed", ex);
		}
	}

	private static JWSSigner signer(RSAKey key) {
		try {
			return new RSASSASigner(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Invalid RSA key", ex);
		}
	}

	// One foreign key for all IdPs in the JVM: generating 2048-bit keys costs a noticeable share of a test run.
	private static final class UnknownKey {

		static final RSAKey KEY = generateKey();

		static final JWSSigner SIGNER = signer(KEY);

	}

}
