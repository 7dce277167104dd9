package dev.sessiongate.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * Signing keys for ID tokens of algorithms other than RS256: RSA for PS*, P-256 for ES256, Ed25519 for EdDSA
 * (Nimbus JOSE signs Ed25519 with Tink).
 */
final class IdTokenKeys {

	private IdTokenKeys() {
	}

	static JWK generate(JWSAlgorithm algorithm) {
		try {
			if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
				return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
					.algorithm(algorithm)
					.keyID(SandboxHttp.randomId())
					.generate();
			}
			if (JWSAlgorithm.ES256.equals(algorithm)) {
				return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
					.algorithm(algorithm)
					.keyID(SandboxHttp.randomId())
					.generate();
			}
			if (JWSAlgorithm.EdDSA.equals(algorithm) || JWSAlgorithm.Ed25519.equals(algorithm)) {
				return new OctetKeyPairGenerator(Curve.Ed25519).keyUse(KeyUse.SIGNATURE)
					.algorithm(algorithm)
					.keyID(SandboxHttp.randomId())
					.generate();
			}
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("key generation failed", ex);
		}
		throw new IllegalArgumentException("no sandbox key for " + algorithm);
	}

	static JWSSigner signer(JWK key) {
		try {
			if (key instanceof RSAKey rsa) {
				return new RSASSASigner(rsa);
			}
			if (key instanceof ECKey ec) {
				return new ECDSASigner(ec);
			}
			return new Ed25519Signer((OctetKeyPair) key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("unusable key", ex);
		}
	}

}
