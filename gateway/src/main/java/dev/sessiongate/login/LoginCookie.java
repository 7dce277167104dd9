package dev.sessiongate.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import dev.sessiongate.session.SessionProperties;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The short-lived cookie that binds a login transaction to the client that started it:
 * 256 random bits, {@code HttpOnly}, {@code Path=/auth}, {@code Secure} like the session
 * cookie. Redis keys the transaction by a hash of the value, never the value itself.
 */
@Component
class LoginCookie {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final byte[] KEY_DOMAIN = "sessiongate/login/v1".getBytes(StandardCharsets.US_ASCII);

	private final String name;

	private final boolean secure;

	private final String sameSite;

	private final Duration maxAge;

	LoginCookie(LoginProperties login, SessionProperties session) {
		this.name = login.cookieName();
		this.secure = session.cookie().secure();
		// The IdP's redirect back is a cross-site navigation: a Strict cookie would not come with it.
		this.sameSite = "Strict".equalsIgnoreCase(session.cookie().sameSite()) ? "Lax" : session.cookie().sameSite();
		this.maxAge = login.transactionTimeout();
	}

	/** A fresh cookie value. */
	String newValue() {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
	}

	ResponseCookie issue(String value) {
		return build(value, this.maxAge);
	}

	ResponseCookie cleared() {
		return build("", Duration.ZERO);
	}

	Optional<String> read(ServerHttpRequest request) {
		HttpCookie cookie = request.getCookies().getFirst(this.name);
		return Optional.ofNullable(cookie).map(HttpCookie::getValue).filter(value -> value.length() == 43);
	}

	/** The Redis key of the transaction this cookie value names. */
	static String transactionKey(String value) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(KEY_DOMAIN);
			byte[] digest = sha256.digest(value.getBytes(StandardCharsets.US_ASCII));
			String tag = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
			return "sg:{login:" + tag + "}:t";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ResponseCookie build(String value, Duration maxAge) {
		return ResponseCookie.from(this.name, value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite(this.sameSite)
			.path("/auth")
			.maxAge(maxAge)
			.build();
	}

}
