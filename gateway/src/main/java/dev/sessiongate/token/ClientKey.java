package dev.sessiongate.token;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * The private key this gateway signs {@code private_key_jwt} assertions with: RSA or EC,
 * as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) or as a JWK with its private part.
 * Read once at start-up. PKCS#8 is read with the JDK's {@link KeyFactory}: Nimbus' PEM
 * reader needs BouncyCastle's PKIX module, a dependency for one format.
 *
 * @param privateKey the key
 * @param keyId its {@code kid} at the IdP, or null
 * @param algorithm the assertion algorithm: RS256 for RSA, ES256/384/512 by curve
 */
record ClientKey(PrivateKey privateKey, String keyId, JWSAlgorithm algorithm) {

	/** The key the settings name; an {@link IllegalStateException} that says which setting is wrong. */
	static ClientKey load(OidcProperties properties) {
		String text = (properties.clientKey() != null) ? properties.clientKey() : read(properties.clientKeyLocation());
		PrivateKey key;
		String keyId = properties.clientKeyId();
		try {
			if (text.trim().startsWith("{")) {
				JWK jwk = JWK.parse(text);
				key = privateKey(jwk);
				keyId = (keyId != null) ? keyId : jwk.getKeyID();
			}
			else {
				key = pkcs8(text);
			}
		}
		catch (ParseException | JOSEException | GeneralSecurityException | IllegalArgumentException ex) {
			// Never the key's text: only what kind of problem it has.
			throw new IllegalStateException("sessiongate.oidc.client-key(-location) is not an RSA or EC private key "
					+ "in PKCS#8 PEM or JWK form (" + ex.getClass().getSimpleName() + ")");
		}
		return new ClientKey(key, keyId, algorithm(key));
	}

	private static String read(String location) {
		Resource resource = new DefaultResourceLoader().getResource(location);
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("sessiongate.oidc.client-key-location cannot be read: " + location);
		}
	}

	private static PrivateKey privateKey(JWK jwk) throws JOSEException {
		if (jwk instanceof RSAKey rsa && rsa.isPrivate()) {
			return rsa.toPrivateKey();
		}
		if (jwk instanceof ECKey ec && ec.isPrivate()) {
			return ec.toPrivateKey();
		}
		throw new IllegalArgumentException("not a private RSA or EC JWK");
	}

	private static PrivateKey pkcs8(String pem) throws GeneralSecurityException {
		String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
		PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
		try {
			return KeyFactory.getInstance("RSA").generatePrivate(spec);
		}
		catch (GeneralSecurityException notRsa) {
			return KeyFactory.getInstance("EC").generatePrivate(spec);
		}
	}

	private static JWSAlgorithm algorithm(PrivateKey key) {
		if (key instanceof ECPrivateKey ec) {
			int bits = ec.getParams().getCurve().getField().getFieldSize();
			return (bits <= 256) ? JWSAlgorithm.ES256 : (bits <= 384) ? JWSAlgorithm.ES384 : JWSAlgorithm.ES512;
		}
		return JWSAlgorithm.RS256;
	}

	@Override
	public String toString() {
		return "ClientKey[keyId=" + this.keyId + ", algorithm=" + this.algorithm + "]";
	}

}
