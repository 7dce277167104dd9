package dev.sessiongate.login;

import java.time.Clock;
import java.time.Duration;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.sessiongate.token.AuthorizationRequests;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Starts an authorization code login with PKCE S256, {@code state} and {@code nonce}
 * (fresh values from the Nimbus SDK: 256 random bits each): the transaction goes, sealed,
 * into the login cookie (nothing is stored), the authorization URL, pushed to the IdP
 * first when PAR is in use, to the caller.
 */
@Component
class LoginStarter {

	private final AuthorizationRequests authorizationRequests;

	private final LoginCookie cookie;

	private final Duration timeout;

	private final Clock clock;

	LoginStarter(AuthorizationRequests authorizationRequests, LoginCookie cookie, LoginProperties login, Clock clock) {
		this.authorizationRequests = authorizationRequests;
		this.cookie = cookie;
		this.timeout = login.transactionTimeout();
		this.clock = clock;
	}

	/** A started login: the URL to send the user to, its state, and the login cookie. */
	record StartedLogin(String authorizationUrl, String state, ResponseCookie cookie) {

		@Override
		public String toString() {
			return "StartedLogin[]";
		}

	}

	Mono<StartedLogin> start(LoginTransaction.Flow flow, String redirectUri, String returnTo) {
		LoginTransaction transaction = new LoginTransaction(flow, new State(32).getValue(), new CodeVerifier().getValue(),
				new Nonce(32).getValue(), redirectUri, returnTo, this.clock.instant().plus(this.timeout));
		return Mono
			.defer(() -> this.authorizationRequests.authorizationUrl(redirectUri, transaction.state(),
					transaction.nonce(), transaction.codeVerifier()))
			.map(url -> new StartedLogin(url, transaction.state(), this.cookie.issue(transaction)));
	}

}
