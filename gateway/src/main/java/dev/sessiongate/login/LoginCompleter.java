package dev.sessiongate.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.IdTokenVerifier;
import dev.sessiongate.token.IdentityProviderException;
import dev.sessiongate.token.JwtRejectedException;
import dev.sessiongate.token.TokenEndpointClient;
import dev.sessiongate.token.TokenResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Finishes a login for both flows: takes the transaction the login cookie names (once),
 * checks that the answer belongs to it, redeems the code with the PKCE verifier, verifies
 * the ID token and opens a session under a new cookie value (no fixation).
 */
@Component
class LoginCompleter {

	private static final Log logger = LogFactory.getLog(LoginCompleter.class);

	private final LoginTransactions transactions;

	private final TokenEndpointClient tokenEndpoint;

	private final IdTokenVerifier idTokens;

	private final SessionCookie sessionCookie;

	private final SessionStore sessions;

	private final Duration timeout;

	private final Clock clock;

	LoginCompleter(LoginTransactions transactions, TokenEndpointClient tokenEndpoint, IdTokenVerifier idTokens,
			SessionCookie sessionCookie, SessionStore sessions, LoginProperties properties, Clock clock) {
		this.transactions = transactions;
		this.tokenEndpoint = tokenEndpoint;
		this.idTokens = idTokens;
		this.sessionCookie = sessionCookie;
		this.sessions = sessions;
		this.timeout = properties.transactionTimeout();
		this.clock = clock;
	}

	/** A finished login: the new session, its cookie and where the browser goes next. */
	record CompletedLogin(Session session, ResponseCookie cookie, String returnTo) {

		@Override
		public String toString() {
			return "CompletedLogin[" + this.session + "]";
		}

	}

	Mono<CompletedLogin> complete(LoginTransaction.Flow flow, Optional<String> loginCookie,
			CallbackParameters answer) {
		if (loginCookie.isEmpty()) {
			return Mono.error(invalid("No login in progress: the login cookie is missing"));
		}
		if (answer.state() == null || (answer.code() == null && answer.error() == null)) {
			return Mono.error(invalid("The callback lacks code or state"));
		}
		return this.transactions.take(loginCookie.get())
			.switchIfEmpty(Mono.error(() -> invalid("Unknown, expired or already finished login")))
			.map(transaction -> checked(flow, transaction, answer))
			.flatMap(transaction -> redeem(transaction, answer.code()));
	}

	private LoginTransaction checked(LoginTransaction.Flow flow, LoginTransaction transaction,
			CallbackParameters answer) {
		if (transaction.flow() != flow || !sameText(transaction.state(), answer.state())) {
			throw invalid("The state does not match the login in progress");
		}
		if (!this.clock.instant().isBefore(transaction.startedAt().plus(this.timeout))) {
			throw invalid("The login took too long: start again");
		}
		if (answer.redirectUri() != null && !answer.redirectUri().equals(transaction.redirectUri())) {
			throw invalid("The callback URL is not the redirect URI of this login");
		}
		if (answer.error() != null) {
			throw invalid("The identity provider refused the login: " + answer.error().replaceAll("[^A-Za-z0-9_]", ""));
		}
		return transaction;
	}

	private Mono<CompletedLogin> redeem(LoginTransaction transaction, String code) {
		return this.tokenEndpoint.exchangeCode(code, transaction.redirectUri(), transaction.codeVerifier())
			.onErrorMap(IdentityProviderException.class, LoginCompleter::exchangeFailure)
			.flatMap(response -> verified(response, transaction)
				.flatMap(claims -> open(response, claims, transaction)));
	}

	private Mono<JWTClaimsSet> verified(TokenResponse response, LoginTransaction transaction) {
		if (response.tokens().idToken() == null) {
			return Mono.error(invalid("The identity provider returned no ID token"));
		}
		return this.idTokens.verify(response.tokens().idToken(), transaction.nonce())
			.onErrorMap(IdentityProviderException.class, IdpFailures::unavailable)
			.onErrorMap(JwtRejectedException.class, rejected -> {
				logger.warn("ID token rejected: " + rejected.getMessage());
				return invalid("The ID token was rejected: " + rejected.getMessage());
			});
	}

	private Mono<CompletedLogin> open(TokenResponse response, JWTClaimsSet claims, LoginTransaction transaction) {
		SessionCookie.Issued issued = this.sessionCookie.issue();
		Object sid = claims.getClaim("sid");
		return this.sessions
			.create(issued.id(), claims.getSubject(), (sid instanceof String value) ? value : null,
					claims.toString(), response.tokens())
			.map(session -> new CompletedLogin(session, issued.cookie(), transaction.returnTo()));
	}

	private static Throwable exchangeFailure(IdentityProviderException failure) {
		if (failure.isInvalidGrant()) {
			return invalid("The authorization code was rejected: it is unknown, used or expired");
		}
		return IdpFailures.unavailable(failure);
	}

	private static boolean sameText(String one, String other) {
		return MessageDigest.isEqual(one.getBytes(StandardCharsets.UTF_8), other.getBytes(StandardCharsets.UTF_8));
	}

	static GatewayErrorException invalid(String message) {
		return GatewayError.INVALID_REQUEST.exception(message);
	}

}
