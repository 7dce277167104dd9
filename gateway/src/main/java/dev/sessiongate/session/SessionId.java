package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A session as named by its cookie. Redis only ever sees {@link #tag()}, a one-way hash
 * of the cookie value, so a Redis dump yields no usable cookie; the raw value stays in
 * memory to derive the key that opens the session's tokens.
 */
public final class SessionId {

	private static final byte[] TAG_DOMAIN = "sessiongate/session-id/v1".getBytes(StandardCharsets.US_ASCII);

	private final byte[] secret;

	private final String tag;

	private SessionId(byte[] secret) {
		this.secret = secret;
		this.tag = tagOf(secret);
	}

	/**
	 * The id of a cookie value, or null when the value is not one this gateway issued
	 * (wrong length or alphabet).
	 */
	static SessionId fromCookieValue(String value) {
		if (value.length() != SessionCookie.VALUE_LENGTH) {
			return null;
		}
		try {
			return new SessionId(Base64.getUrlDecoder().decode(value));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static SessionId of(byte[] secret) {
		return new SessionId(secret.clone());
	}

	/** The cookie-derived secret; used only to derive sealing keys. */
	byte[] secret() {
		return this.secret;
	}

	/** Redis Cluster hash tag shared by every key of this session. */
	public String tag() {
		return this.tag;
	}

	/** A key of this session, in the session's hash slot: {@code sg:{tag}:suffix}. */
	public String key(String suffix) {
		return "sg:{" + this.tag + "}:" + suffix;
	}

	/** Every request with a cookie needs its tag, the cache key: a digest per thread, not a provider lookup per call. */
	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	});

	private static final Base64.Encoder TAG_ENCODING = Base64.getUrlEncoder().withoutPadding();

	private static String tagOf(byte[] secret) {
		MessageDigest sha256 = SHA256.get();
		sha256.update(TAG_DOMAIN);
		byte[] digest = sha256.digest(secret);
		// 128 bits are plenty to keep tags unique and keep keys short.
		return TAG_ENCODING.encodeToString(java.util.Arrays.copyOf(digest, 16));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SessionId that && this.tag.equals(that.tag);
	}

	@Override
	public int hashCode() {
		return this.tag.hashCode();
	}

	@Override
	public String toString() {
		return "SessionId[" + this.tag.substring(0, 6) + "…]";
	}

}
