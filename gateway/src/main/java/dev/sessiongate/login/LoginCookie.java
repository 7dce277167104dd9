package dev.sessiongate.login;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.sessiongate.session.SessionProperties;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The short-lived cookie that carries a login transaction, sealed, from the start of a
 * login to its end: nothing is stored anywhere until the IdP has said yes, so starting
 * logins in a loop costs the gateway only CPU. {@code HttpOnly}, {@code Path=/auth},
 * {@code Secure} like the session cookie. The transaction's deadline is inside the sealed
 * value; the cookie's {@code Max-Age} only tidies up the browser.
 */
@Component
class LoginCookie {

	private final String name;

	private final boolean secure;

	private final String sameSite;

	private final Duration maxAge;

	private final LoginTransactionSeal seal;

	private final Clock clock;

	LoginCookie(LoginProperties login, SessionProperties session, Clock clock) {
		this.name = login.cookieName();
		this.secure = session.cookie().secure();
		// The IdP's redirect back is a cross-site navigation: a Strict cookie would not come with it.
		this.sameSite = "Strict".equalsIgnoreCase(session.cookie().sameSite()) ? "Lax" : session.cookie().sameSite();
		this.maxAge = login.transactionTimeout();
		this.seal = new LoginTransactionSeal(session.keys());
		this.clock = clock;
	}

	ResponseCookie issue(LoginTransaction transaction) {
		return build(this.seal.seal(transaction.toClaims()), this.maxAge);
	}

	ResponseCookie cleared() {
		return build("", Duration.ZERO);
	}

	/**
	 * The login in progress that the request's cookie carries. Refused
	 * ({@code invalid_request}) when there is none, when the cookie came twice (one may be
	 * a sibling subdomain's), or when it does not open or is past its deadline.
	 */
	LoginTransaction open(ServerHttpRequest request) {
		List<HttpCookie> cookies = request.getCookies().getOrDefault(this.name, List.of());
		if (cookies.isEmpty()) {
			throw LoginCompleter.invalid("No login in progress: the login cookie is missing");
		}
		if (cookies.size() > 1) {
			throw LoginCompleter.invalid("The login cookie was sent more than once");
		}
		Map<String, Object> claims = this.seal.open(cookies.get(0).getValue());
		LoginTransaction transaction = (claims != null) ? LoginTransaction.fromClaims(claims) : null;
		if (transaction == null) {
			throw LoginCompleter.invalid("Unknown or unreadable login: start again");
		}
		if (!this.clock.instant().isBefore(transaction.expiresAt())) {
			throw LoginCompleter.invalid("The login took too long: start again");
		}
		return transaction;
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
