package dev.sessiongate.sandbox;

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
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Signs JWTs with the IdP's RS256 key, and on request in the ways a verifier must refuse.
 */
final class JwtSigner {

	private final RSAKey key;

	private final JWSSigner signer;

	private JwtSigner(RSAKey key) {
		this.key = key;
		this.signer = signer(key);
	}

	static JwtSigner generate() {
		return new JwtSigner(generateKey());
	}

	RSAKey key() {
		return this.key;
	}

	Map<String, Object> publicJwks() {
		return new JWKSet(this.key.toPublicJWK()).toJSONObject(true);
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
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
			.type(JOSEObjectType.JWT)
			.build();
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
