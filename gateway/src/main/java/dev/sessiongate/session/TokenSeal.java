package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

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
 *
 * <p>On the cache-miss path this runs per request, so nothing is looked up per call:
 * {@code Cipher.getInstance} and {@code Mac.getInstance} search the providers each time, so
 * each thread keeps one cipher and, per server key, a MAC already keyed with it (HKDF's
 * extract step); the value is read in place, without copying header or nonce.
 */
final class TokenSeal {

	private static final byte FORMAT = 1;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final byte[] INFO = "sessiongate/seal/v1".getBytes(StandardCharsets.US_ASCII);

	private static final String HMAC = "HmacSHA256";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(TokenSeal::newCipher);

	/** For HKDF's expand step, keyed per use with the session's pseudo-random key. */
	private static final ThreadLocal<Mac> EXPAND = ThreadLocal.withInitial(() -> newMac(null));

	private final List<ServerKey> keys = new ArrayList<>();

	TokenSeal(List<SessionProperties.SealingKey> configured) {
		for (SessionProperties.SealingKey key : configured) {
			this.keys.add(new ServerKey(key.id(), decodeSecret(key)));
		}
	}

	byte[] seal(SessionId id, byte[] plaintext) {
		ServerKey key = this.keys.get(0);
		byte[] kid = key.id();
		int headerLength = 2 + kid.length;
		Cipher cipher = CIPHER.get();
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			RANDOM.nextBytes(nonce);
			cipher.init(Cipher.ENCRYPT_MODE, key.sessionKey(id), new GCMParameterSpec(TAG_BITS, nonce));
			byte[] sealed = new byte[headerLength + NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
			sealed[0] = FORMAT;
			sealed[1] = (byte) kid.length;
			System.arraycopy(kid, 0, sealed, 2, kid.length);
			System.arraycopy(nonce, 0, sealed, headerLength, NONCE_BYTES);
			cipher.updateAAD(sealed, 0, headerLength);
			int written = cipher.doFinal(plaintext, 0, plaintext.length, sealed, headerLength + NONCE_BYTES);
			return (written == sealed.length - headerLength - NONCE_BYTES) ? sealed
					: Arrays.copyOf(sealed, headerLength + NONCE_BYTES + written);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("session value could not be sealed");
		}
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
		ServerKey key = keyNamed(sealed, kidLength);
		if (key == null) {
			return null;
		}
		int offset = headerLength + NONCE_BYTES;
		Cipher cipher = CIPHER.get();
		try {
			cipher.init(Cipher.DECRYPT_MODE, key.sessionKey(id),
					new GCMParameterSpec(TAG_BITS, sealed, headerLength, NONCE_BYTES));
			cipher.updateAAD(sealed, 0, headerLength);
			return cipher.doFinal(sealed, offset, sealed.length - offset);
		}
		catch (GeneralSecurityException ex) {
			return null;
		}
	}

	private ServerKey keyNamed(byte[] sealed, int kidLength) {
		for (ServerKey key : this.keys) {
			if (Arrays.equals(key.id(), 0, key.id().length, sealed, 2, 2 + kidLength)) {
				return key;
			}
		}
		return null;
	}

	private static Cipher newCipher() {
		try {
			return Cipher.getInstance("AES/GCM/NoPadding");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES/GCM is not available", ex);
		}
	}

	private static Mac newMac(byte[] key) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			if (key != null) {
				mac.init(new SecretKeySpec(key, HMAC));
			}
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
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

	/** A configured server key, with a MAC per thread already keyed with it. */
	private static final class ServerKey {

		private final byte[] id;

		private final ThreadLocal<Mac> extract;

		ServerKey(String id, byte[] secret) {
			this.id = id.getBytes(StandardCharsets.US_ASCII);
			this.extract = ThreadLocal.withInitial(() -> newMac(secret));
		}

		byte[] id() {
			return this.id;
		}

		/** HKDF-SHA256 (RFC 5869) with the server key as salt and the cookie secret as input. */
		SecretKeySpec sessionKey(SessionId session) throws GeneralSecurityException {
			byte[] pseudoRandomKey = this.extract.get().doFinal(session.secret());
			Mac expand = EXPAND.get();
			expand.init(new SecretKeySpec(pseudoRandomKey, HMAC));
			expand.update(INFO);
			expand.update((byte) 1);
			return new SecretKeySpec(expand.doFinal(), "AES");
		}

	}

}
