package dev.sessiongate.login;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import dev.sessiongate.error.GatewayError;

/**
 * Where a browser may be sent after login: a path on this site, nothing else. Browsers
 * read {@code //host} and {@code /\host} as other sites, and some servers decode again
 * before redirecting, so the value is checked as sent and after each round of
 * percent-decoding, the last one included; a value still encoded after
 * {@value #DECODING_ROUNDS} rounds is refused rather than trusted. At most
 * {@value #MAX_LENGTH} characters: it travels in the login cookie.
 */
final class ReturnTo {

	static final String DEFAULT = "/";

	static final int MAX_LENGTH = 512;

	private static final int DECODING_ROUNDS = 3;

	private ReturnTo() {
	}

	/** {@code raw} when it is a safe local path, {@link #DEFAULT} when absent. */
	static String validate(String raw) {
		if (raw == null || raw.isEmpty()) {
			return DEFAULT;
		}
		if (raw.length() > MAX_LENGTH) {
			throw rejected();
		}
		String decoded = raw;
		for (int round = 0;; round++) {
			if (!isLocalPath(decoded, round > 0)) {
				throw rejected();
			}
			String next = decode(decoded);
			if (next.equals(decoded)) {
				break;
			}
			if (round == DECODING_ROUNDS) {
				// Still encoded: a server that decodes once more would see a form nobody checked.
				throw rejected();
			}
			decoded = next;
		}
		checkParsesAsPath(raw);
		return raw;
	}

	// An escaped space is harmless; tabs, line breaks and other controls are not (browsers drop some of them).
	private static boolean isLocalPath(String path, boolean spaceAllowed) {
		if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) {
			return false;
		}
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == ' ' && spaceAllowed) {
				continue;
			}
			if (c < 0x21 || c == 0x7f || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)) {
				return false;
			}
		}
		return true;
	}

	private static String decode(String value) {
		try {
			// Percent-escapes only: URLDecoder would also turn a literal '+' into a space.
			return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw rejected();
		}
	}

	private static void checkParsesAsPath(String raw) {
		try {
			URI uri = new URI(raw);
			if (uri.getScheme() != null || uri.getRawAuthority() != null) {
				throw rejected();
			}
		}
		catch (java.net.URISyntaxException ex) {
			throw rejected();
		}
	}

	private static RuntimeException rejected() {
		return GatewayError.INVALID_REQUEST.exception("return_to must be a path on this site, such as /orders");
	}

}
