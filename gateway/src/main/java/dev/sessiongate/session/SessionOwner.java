package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Who a session belongs to, as its indexes name it: the IdP's session id ({@code sid}) or
 * the user ({@code sub}). Redis holds only a hash of either, and the index key carries the
 * hash as its Redis Cluster hash tag, so each index lives in one slot.
 *
 * @param field the session hash field that holds the owner hash
 * @param hash the owner hash
 */
record SessionOwner(String field, String hash) {

	private static final String DOMAIN = "sessiongate/session-owner/v1/";

	static SessionOwner sid(String sid) {
		return new SessionOwner("si", hash("sid", sid));
	}

	static SessionOwner subject(String subject) {
		return new SessionOwner("su", hash("sub", subject));
	}

	/** The set of session tags that belong to this owner: {@code sg:{sid:hash}:i}. */
	String indexKey() {
		return "sg:{" + ("si".equals(this.field) ? "sid:" : "sub:") + this.hash + "}:i";
	}

	private static String hash(String kind, String value) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update((DOMAIN + kind + "\0").getBytes(StandardCharsets.US_ASCII));
			byte[] digest = sha256.digest(value.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
