package dev.sessiongate.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a session's secrets at rest with AES-256-GCM. The key of each session is derived
 * (HKDF-SHA256) from a server key and the session's cookie secret: Redis holds neither,
 * and the server key alone opens nothing. Each sealed value names its server key, so keys
 * can rotate: the first configured key seals, every configured key opens.
 *
 * <p>Layout: {@code 0x01 | kidLength | kid | 12-byte nonce | ciphertext+tag}; the header is
 * authenticated as associated data.
 */
final class TokenSeal {

	private static final byte FORMAT = 1;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final byte[] INFO = "sessiongate/seal/v1".getBytes(StandardCharsets.US_ASCII);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, byte[]> keysById = new LinkedHashMap<>();

	private final String sealingKeyId;

	TokenSeal(List<SessionProperties.SealingKey> keys) {
		for (SessionProperties.SealingKey key : keys) {
			this.keysById.put(key.id(), decodeSecret(key));
		}
		this.sealingKeyId = keys.get(0).id();
	}

	byte[] seal(SessionId id, byte[] plaintext) {
		byte[] kid = this.sealingKeyId.getBytes(StandardCharsets.US_ASCII);
		byte[] header = ByteBuffer.allocate(2 + kid.length).put(FORMAT).put((byte) kid.length).put(kid).array();
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, this.keysById.get(this.sealingKeyId), id, nonce, header,
				plaintext, 0, plaintext.length);
		return ByteBuffer.allocate(header.length + NONCE_BYTES + ciphertext.length)
			.put(header)
			.put(nonce)
			.put(ciphertext)
			.array();
	}

	/** The plaintext, or null when the value cannot be opened (unknown key, tampering). */
	byte[] open(SessionId id, byte[] sealed) {
		if (sealed.length < 2 + NONCE_BYTES || sealed[0] != FORMAT) {
			return null;
		}
		int kidLength = sealed[1];
		int headerLength = 2 + kidLength;
		if (kidLength < 0 || sealed.length < headerLength + NONCE_BYTES) {
			return null;
		}
		byte[] serverKey = this.keysById.get(new String(sealed, 2, kidLength, StandardCharsets.US_ASCII));
		if (serverKey == null) {
			return null;
		}
		byte[] header = java.util.Arrays.copyOf(sealed, headerLength);
		byte[] nonce = java.util.Arrays.copyOfRange(sealed, headerLength, headerLength + NONCE_BYTES);
		int offset = headerLength + NONCE_BYTES;
		try {
			return crypt(Cipher.DECRYPT_MODE, serverKey, id, nonce, header, sealed, offset, sealed.length - offset);
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	private static byte[] crypt(int mode, byte[] serverKey, SessionId id, byte[] nonce, byte[] header, byte[] input,
			int offset, int length) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, new SecretKeySpec(sessionKey(serverKey, id.secret()), "AES"),
					new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(header);
			return cipher.doFinal(input, offset, length);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("sealed session value could not be processed");
		}
	}

	/** HKDF-SHA256 (RFC 5869) with the server key as salt and the cookie secret as input. */
	private static byte[] sessionKey(byte[] serverKey, byte[] cookieSecret) throws GeneralSecurityException {
		Mac hmac = Mac.getInstance("HmacSHA256");
		hmac.init(new SecretKeySpec(serverKey, "HmacSHA256"));
		byte[] pseudoRandomKey = hmac.doFinal(cookieSecret);
		hmac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
		hmac.update(INFO);
		hmac.update((byte) 1);
		return hmac.doFinal();
	}

	private static byte[] decodeSecret(SessionProperties.SealingKey key) {
		byte[] secret;
		try {
			secret = Base64.getDecoder().decode(key.secret().trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("sealing key '" + key.id() + "' is not valid base64");
		}
		if (secret.length != 32) {
			throw new IllegalStateException("sealing key '" + key.id() + "' must be 32 bytes, is " + secret.length);
		}
		if (key.id().length() > 32) {
			throw new IllegalStateException("sealing key id '" + key.id() + "' is longer than 32 characters");
		}
		return secret;
	}

}
