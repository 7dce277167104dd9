package dev.sessiongate.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import dev.sessiongate.session.SessionProperties;

/**
 * Seals login transactions for the login cookie: a JWE (Nimbus JOSE, {@code dir} with
 * A256GCM) under a key derived (HKDF-SHA256, info {@value #INFO}) from each configured
 * sealing key, so the login key is never the session key. The header names the key
 * ({@code kid}): the first configured key seals, every one opens, as for sessions.
 * Anything that does not open (another key, tampering, a foreign format) is just absent.
 */
final class LoginTransactionSeal {

	static final String INFO = "sessiongate/login-transaction/v1";

	/** Far above any sealed transaction (return_to is capped at 512 characters): a bound on parsing. */
	static final int MAX_SEALED_LENGTH = 3072;

	private final Map<String, SecretKey> keysById = new LinkedHashMap<>();

	private final String sealingKeyId;

	private final DirectEncrypter encrypter;

	LoginTransactionSeal(List<SessionProperties.SealingKey> keys) {
		for (SessionProperties.SealingKey key : keys) {
			this.keysById.put(key.id(), derive(Base64.getDecoder().decode(key.secret().trim())));
		}
		this.sealingKeyId = keys.get(0).id();
		try {
			this.encrypter = new DirectEncrypter(this.keysById.get(this.sealingKeyId));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("login sealing key unusable", ex);
		}
	}

	String seal(Map<String, Object> claims) {
		JWEObject jwe = new JWEObject(
				new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM).keyID(this.sealingKeyId).build(),
				new Payload(claims));
		try {
			jwe.encrypt(this.encrypter);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("login transaction could not be sealed");
		}
		return jwe.serialize();
	}

	/** The sealed claims, or null when the value does not open with a configured key. */
	Map<String, Object> open(String sealed) {
		if (sealed.length() > MAX_SEALED_LENGTH) {
			return null;
		}
		try {
			JWEObject jwe = JWEObject.parse(sealed);
			JWEHeader header = jwe.getHeader();
			SecretKey key = (header.getKeyID() != null) ? this.keysById.get(header.getKeyID()) : null;
			if (key == null || !JWEAlgorithm.DIR.equals(header.getAlgorithm())
					|| !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
				return null;
			}
			jwe.decrypt(new DirectDecrypter(key));
			return jwe.getPayload().toJSONObject();
		}
		catch (ParseException | JOSEException | RuntimeException ex) {
			return null;
		}
	}

	/** HKDF-SHA256 (RFC 5869) of a server key with no salt and this seal's info: 32 bytes. */
	private static SecretKey derive(byte[] serverKey) {
		try {
			Mac hmac = Mac.getInstance("HmacSHA256");
			hmac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
			byte[] pseudoRandomKey = hmac.doFinal(serverKey);
			hmac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
			hmac.update(INFO.getBytes(StandardCharsets.US_ASCII));
			hmac.update((byte) 1);
			return new SecretKeySpec(hmac.doFinal(), "AES");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HKDF-SHA256 unavailable", ex);
		}
	}

}
