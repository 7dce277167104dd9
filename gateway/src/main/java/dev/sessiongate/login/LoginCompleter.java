package dev.sessiongate.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.IdTokenVerifier;
import dev.sessiongate.token.IdentityProviderException;
import dev.sessiongate.token.JwtRejectedException;
import dev.sessiongate.token.ProviderMetadataSource;
import dev.sessiongate.token.TokenEndpointClient;
import dev.sessiongate.token.TokenResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finishes a login for both flows: opens the transaction the login cookie carries, checks
 * that the answer belongs to it and comes from our IdP (RFC 9207 {@code iss}), redeems the
 * code with the PKCE verifier, verifies the ID token, marks the login finished (once) and
 * opens a session under a new cookie value (no fixation). A session the client still held
 * is then ended, its refresh token revoked.
 */
@Component
class LoginCompleter {

	private static final Log logger = LogFactory.getLog(LoginCompleter.class);

	/** The error codes an IdP may send back (RFC 6749 4.1.2.1, OIDC Core 3.1.2.6): only these are repeated. */
	private static final Set<String> IDP_ERRORS = Set.of("invalid_request", "unauthorized_client", "access_denied",
			"unsupported_response_type", "invalid_scope", "server_error", "temporarily_unavailable",
			"interaction_required", "login_required", "account_selection_required", "consent_required",
			"invalid_request_uri", "invalid_request_object", "request_not_supported", "request_uri_not_supported",
			"registration_not_supported");

	private final LoginCookie loginCookie;

	private final ProviderMetadataSource metadata;

	private final TokenEndpointClient tokenEndpoint;

	private final IdTokenVerifier idTokens;

	private final OneTimeUses oneTimeUses;

	private final SessionCookie sessionCookie;

	private final SessionStore sessions;

	private final SessionEnding ending;

	LoginCompleter(LoginCookie loginCookie, ProviderMetadataSource metadata, TokenEndpointClient tokenEndpoint,
			IdTokenVerifier idTokens, OneTimeUses oneTimeUses, SessionCookie sessionCookie, SessionStore sessions,
			SessionEnding ending) {
		this.loginCookie = loginCookie;
		this.metadata = metadata;
		this.tokenEndpoint = tokenEndpoint;
		this.idTokens = idTokens;
		this.oneTimeUses = oneTimeUses;
		this.sessionCookie = sessionCookie;
		this.sessions = sessions;
		this.ending = ending;
	}

	/** A finished login: the new session, its cookie and where the browser goes next. */
	record CompletedLogin(Session session, ResponseCookie cookie, String returnTo) {

		@Override
		public String toString() {
			return "CompletedLogin[" + this.session + "]";
		}

	}

	Mono<CompletedLogin> complete(LoginTransaction.Flow flow, ServerWebExchange exchange, CallbackParameters answer) {
		return Mono.fromCallable(() -> checked(flow, this.loginCookie.open(exchange.getRequest()), answer))
			.flatMap(transaction -> fromOurIdp(transaction, answer))
			.flatMap(transaction -> redeem(transaction, answer.code()))
			.flatMap(login -> endPrevious(exchange, login).thenReturn(login));
	}

	private static LoginTransaction checked(LoginTransaction.Flow flow, LoginTransaction transaction,
			CallbackParameters answer) {
		if (answer.state() == null || (answer.code() == null && answer.error() == null)) {
			throw invalid("The callback lacks code or state");
		}
		if (transaction.flow() != flow || !sameText(transaction.state(), answer.state())) {
			throw invalid("The state does not match the login in progress");
		}
		if (answer.redirectUri() != null && !answer.redirectUri().equals(transaction.redirectUri())) {
			throw invalid("The callback URL is not the redirect URI of this login");
		}
		if (answer.error() != null) {
			throw invalid("The identity provider refused the login"
					+ (IDP_ERRORS.contains(answer.error()) ? ": " + answer.error() : ""));
		}
		return transaction;
	}

	/** RFC 9207: the answer names the IdP the login went to, so a mix-up cannot hand us another's code. */
	private Mono<LoginTransaction> fromOurIdp(LoginTransaction transaction, CallbackParameters answer) {
		return this.metadata.get()
			.onErrorMap(IdentityProviderException.class, IdpFailures::unavailable)
			.map(provider -> {
				if (!provider.acceptsAuthorizationResponseIssuer(answer.issuer())) {
					throw invalid("The callback's iss is missing or is not this gateway's identity provider");
				}
				return transaction;
			});
	}

	private Mono<CompletedLogin> redeem(LoginTransaction transaction, String code) {
		return this.tokenEndpoint.exchangeCode(code, transaction.redirectUri(), transaction.codeVerifier())
			.onErrorMap(IdentityProviderException.class, LoginCompleter::exchangeFailure)
			.flatMap(response -> verified(response, transaction)
				.flatMap(claims -> finishOnce(transaction).then(open(response, claims, transaction))));
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

	/**
	 * One small key, until the login's own deadline, so its cookie cannot finish a second
	 * login. Written only now that the IdP said yes: started or failed logins leave nothing.
	 */
	private Mono<Void> finishOnce(LoginTransaction transaction) {
		return this.oneTimeUses.firstUse("login", transaction.state(), transaction.expiresAt())
			.filter(Boolean::booleanValue)
			.switchIfEmpty(Mono.error(() -> invalid("This login has already finished")))
			.then();
	}

	private Mono<CompletedLogin> open(TokenResponse response, JWTClaimsSet claims, LoginTransaction transaction) {
		SessionCookie.Issued issued = this.sessionCookie.issue();
		Object sid = claims.getClaim("sid");
		return this.sessions
			.create(issued.id(), claims.getSubject(), (sid instanceof String value) ? value : null,
					claims.toString(), response.tokens())
			.map(session -> new CompletedLogin(session, issued.cookie(),
					(transaction.returnTo() != null) ? transaction.returnTo() : ReturnTo.DEFAULT));
	}

	/**
	 * A new login replaces the session the client held: it ends, and its refresh token is
	 * revoked. The new session stands even if that fails; the client no longer holds the old cookie.
	 */
	private Mono<Void> endPrevious(ServerWebExchange exchange, CompletedLogin login) {
		return Mono.fromCallable(() -> this.sessionCookie.read(exchange.getRequest()))
			.flatMap(Mono::justOrEmpty)
			.filter(previous -> !previous.equals(login.session().id()))
			.flatMap(this.sessions::find)
			.flatMap(this.ending::end)
			.onErrorResume(failure -> {
				logger.warn("The session replaced by a new login could not be ended: "
						+ failure.getClass().getSimpleName());
				return Mono.empty();
			});
	}

	private static Throwable exchangeFailure(IdentityProviderException failure) {
		if (failure.isInvalidGrant() || failure.kind() == IdentityProviderException.Kind.INVALID_REQUEST) {
			return invalid("The identity provider refused the authorization code: it is unknown, used or expired");
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
