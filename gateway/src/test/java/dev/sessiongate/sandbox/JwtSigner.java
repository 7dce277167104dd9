package dev.sessiongate.sandbox;

import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

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
		return sign(claims, this.key, this.signer);
	}

	String signWithUnknownKey(JWTClaimsSet claims) {
		return sign(claims, UnknownKey.KEY, UnknownKey.SIGNER);
	}

	String unsigned(JWTClaimsSet claims) {
		return new PlainJWT(claims).serialize();
	}

	/**
	 * Signs {@code claims}, then swaps in {@code substitute} as the payload: a valid key, a broken signature.
	 */
	String tampered(JWTClaimsSet claims, JWTClaimsSet substitute) {
		String[] parts = sign(claims).split("\\.");
		return parts[0] + "." + Base64URL.encode(substitute.toString()) + "." + parts[2];
	}

	private static String sign(JWTClaimsSet claims, RSAKey key, JWSSigner signer) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
			.type(JOSEObjectType.JWT)
			.build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing failed", ex);
		}
		return jwt.serialize();
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
