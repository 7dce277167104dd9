package dev.sessiongate.login;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import dev.sessiongate.token.OidcProperties;
import dev.sessiongate.token.ProviderMetadata;
import dev.sessiongate.token.ProviderMetadataSource;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Starts an authorization code login with PKCE S256, {@code state} and {@code nonce}: the
 * transaction goes, sealed, into the login cookie (nothing is stored), the authorization
 * URL to the caller.
 */
@Component
class LoginStarter {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ProviderMetadataSource metadata;

	private final LoginCookie cookie;

	private final OidcProperties properties;

	private final Duration timeout;

	private final Clock clock;

	LoginStarter(ProviderMetadataSource metadata, LoginCookie cookie, OidcProperties properties,
			LoginProperties login, Clock clock) {
		this.metadata = metadata;
		this.cookie = cookie;
		this.properties = properties;
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
		LoginTransaction transaction = new LoginTransaction(flow, random(), random(), random(), redirectUri, returnTo,
				this.clock.instant().plus(this.timeout));
		return this.metadata.get()
			.map(provider -> new StartedLogin(authorizationUrl(provider, transaction), transaction.state(),
					this.cookie.issue(transaction)));
	}

	private String authorizationUrl(ProviderMetadata provider, LoginTransaction transaction) {
		String endpoint = provider.authorizationEndpoint().toString();
		StringBuilder url = new StringBuilder(endpoint).append(endpoint.contains("?") ? '&' : '?');
		url.append("response_type=code");
		append(url, "client_id", this.properties.clientId());
		append(url, "redirect_uri", transaction.redirectUri());
		append(url, "scope", String.join(" ", this.properties.scopes()));
		append(url, "state", transaction.state());
		append(url, "nonce", transaction.nonce());
		append(url, "code_challenge", challenge(transaction.codeVerifier()));
		append(url, "code_challenge_method", "S256");
		return url.toString();
	}

	private static void append(StringBuilder url, String name, String value) {
		url.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
	}

	/** 256 random bits, base64url: a PKCE verifier of 43 characters, or a state or nonce. */
	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
