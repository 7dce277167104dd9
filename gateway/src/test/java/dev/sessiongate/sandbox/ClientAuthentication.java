package dev.sessiongate.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Checks the client credentials the way the discovery document announces, and only that way: a gateway
 * configured for the other method is told {@code invalid_client}, as strict providers do.
 */
final class ClientAuthentication {

	static final String BASIC = "client_secret_basic";

	static final String POST = "client_secret_post";

	private final SandboxIdp.Settings settings;

	ClientAuthentication(SandboxIdp.Settings settings) {
		this.settings = settings;
	}

	boolean authenticate(HttpHeaders headers, Map<String, String> form) {
		if (POST.equals(this.settings.clientAuthMethod())) {
			return headers.get(HttpHeaderNames.AUTHORIZATION) == null
					&& matches(form.get("client_id"), form.get("client_secret"));
		}
		String[] credentials = basicCredentials(headers.get(HttpHeaderNames.AUTHORIZATION));
		return credentials != null && form.get("client_secret") == null
				&& matches(credentials[0], credentials[1]);
	}

	private boolean matches(@Nullable String clientId, @Nullable String secret) {
		byte[] expected = this.settings.clientSecret().getBytes(StandardCharsets.UTF_8);
		return this.settings.clientId().equals(clientId) && secret != null
				&& MessageDigest.isEqual(expected, secret.getBytes(StandardCharsets.UTF_8));
	}

	// RFC 6749 section 2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
	private static String @Nullable [] basicCredentials(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return null;
			}
			return new String[] { URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
					URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
