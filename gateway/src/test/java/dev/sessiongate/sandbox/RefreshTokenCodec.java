package dev.sessiongate.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Refresh tokens as {@code sid.generation.mac}: the IdP remembers one counter per family instead of every token
 * ever issued, so long load tests do not grow the heap, and still recognises a rotated-away token as reuse.
 */
final class RefreshTokenCodec {

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final SecretKeySpec key;

	RefreshTokenCodec() {
		this.key = new SecretKeySpec(SandboxHttp.randomId().getBytes(StandardCharsets.US_ASCII), "HmacSHA256");
	}

	String encode(String sid, int generation) {
		String payload = sid + "." + generation;
		return payload + "." + mac(payload);
	}

	/**
	 * Answers the token's family and generation, or null when the token was not minted by this IdP.
	 */
	@Nullable Decoded decode(String token) {
		int macStart = token.lastIndexOf('.');
		int generationStart = token.lastIndexOf('.', macStart - 1);
		if (generationStart <= 0) {
			return null;
		}
		String payload = token.substring(0, macStart);
		byte[] expected = mac(payload).getBytes(StandardCharsets.US_ASCII);
		byte[] presented = token.substring(macStart + 1).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, presented)) {
			return null;
		}
		return new Decoded(token.substring(0, generationStart),
				Integer.parseInt(token.substring(generationStart + 1, macStart)));
	}

	private String mac(String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return BASE64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	record Decoded(String sid, int generation) {
	}

}
