package dev.sessiongate.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.sessiongate.error.GatewayError;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The session cookie: 256 random bits, base64url, {@code HttpOnly}, {@code Path=/}.
 */
@Component
public class SessionCookie {

	private static final Log logger = LogFactory.getLog(SessionCookie.class);

	static final String HOST_PREFIX = "__Host-";

	static final int VALUE_LENGTH = 43;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SessionProperties.Cookie properties;

	public SessionCookie(SessionProperties properties) {
		this.properties = properties.cookie();
		checkHostPrefix(this.properties);
	}

	public String name() {
		return this.properties.name();
	}

	/**
	 * The session named by the request's cookie; empty when absent or malformed. A cookie
	 * sent twice is refused ({@code invalid_request}): one of them may have been tossed in
	 * by a sibling subdomain, and neither can be trusted to be the client's own.
	 */
	public Optional<SessionId> read(ServerHttpRequest request) {
		List<HttpCookie> cookies = request.getCookies().getOrDefault(this.properties.name(), List.of());
		if (cookies.size() > 1) {
			throw GatewayError.INVALID_REQUEST.exception("The session cookie was sent more than once");
		}
		return cookies.stream().findFirst().map(HttpCookie::getValue).map(SessionId::fromCookieValue);
	}

	/** A fresh session id and the cookie that carries it to the client. */
	public Issued issue() {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		String value = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		return new Issued(SessionId.of(secret), build(value, null));
	}

	/** A cookie that removes the session cookie at the client. */
	public ResponseCookie cleared() {
		return build("", Duration.ZERO);
	}

	private ResponseCookie build(String value, Duration maxAge) {
		ResponseCookie.ResponseCookieBuilder builder = ResponseCookie.from(this.properties.name(), value)
			.httpOnly(true)
			.secure(this.properties.secure())
			.sameSite(this.properties.sameSite())
			.path("/");
		return (maxAge != null) ? builder.maxAge(maxAge).build() : builder.build();
	}

	private static void checkHostPrefix(SessionProperties.Cookie cookie) {
		// __Host- cookies are dropped by browsers unless Secure and Path=/ without Domain;
		// we never set Domain and always set Path=/, so Secure is what is left to check.
		if (cookie.name().startsWith(HOST_PREFIX) && !cookie.secure()) {
			throw new IllegalStateException("sessiongate.session.cookie.name starts with __Host-, "
					+ "which requires sessiongate.session.cookie.secure=true");
		}
		// Only the prefix makes the browser refuse a same-named cookie set by a sibling subdomain.
		if (cookie.secure() && !cookie.name().startsWith(HOST_PREFIX)) {
			logger.warn("sessiongate.session.cookie.name '" + cookie.name() + "' lacks the __Host- prefix: "
					+ "a sibling subdomain can set a cookie of that name for this site. "
					+ "Name it __Host-" + cookie.name() + " in production (see SECURITY.md)");
		}
	}

	/**
	 * A newly issued session. {@link #toString()} leaves the cookie value out.
	 */
	public record Issued(SessionId id, ResponseCookie cookie) {

		@Override
		public String toString() {
			return "Issued[" + this.id + "]";
		}

	}

}
