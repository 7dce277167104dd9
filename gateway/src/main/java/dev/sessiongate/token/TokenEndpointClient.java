package dev.sessiongate.token;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import dev.sessiongate.observability.FailureLog;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.stereotype.Component;

/**
 * Calls the IdP's token endpoint: grants built and answers parsed by the Nimbus SDK
 * ({@link TokenRequest}, {@link OIDCTokenResponseParser}), carried by {@link IdpHttp}, with
 * the configured {@code token-request-parameters} and the client's credentials. Only
 * failures that cannot have reached the IdP's grant logic are retried: a refused
 * connection, a connect timeout, a host name that did not resolve. Repeating a refresh
 * the IdP may have carried out would present a rotated refresh token twice, which an IdP
 * with reuse detection answers by revoking the whole session. So none of these is
 * retried, since each can come after the grant ran:
 * <ul>
 * <li>a read timeout or a connection reset or closed after the request was sent;</li>
 * <li>500 (the grant may have failed half-way, after the rotation);</li>
 * <li>502 and 504 from a proxy: it may have forwarded the request and lost the answer;</li>
 * <li>503: an overloaded IdP answers it before the grant, but proxies answer it too after
 * forwarding (Envoy's "upstream connect error or disconnect/reset before headers" after a
 * reset, say), and the answer does not tell which. The session is kept, the client gets
 * 503 with {@code Retry-After}, and the next request tries again after a short backoff.</li>
 * </ul>
 */
@Component
public class TokenEndpointClient {

	private final ProviderMetadataSource metadata;

	private final ClientCredentials credentials;

	private final OidcProperties properties;

	private final TokenResponses responses;

	private final Retry retry = Retry.backoff(2, Duration.ofMillis(100))
		.maxBackoff(Duration.ofSeconds(1))
		.jitter(0.5)
		.filter(TokenEndpointClient::neverReachedTheIdp)
		.onRetryExhaustedThrow((spec, signal) -> signal.failure());

	TokenEndpointClient(ProviderMetadataSource metadata, ClientCredentials credentials, OidcProperties properties,
			TokenResponses responses) {
		this.metadata = metadata;
		this.credentials = credentials;
		this.properties = properties;
		this.responses = responses;
	}

	/** Exchanges a refresh token for new tokens. */
	public Mono<TokenResponse> refresh(String refreshToken) {
		return request(new RefreshTokenGrant(new RefreshToken(refreshToken)));
	}

	/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
	public Mono<TokenResponse> exchangeCode(String code, String redirectUri, String codeVerifier) {
		return request(new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirectUri),
				new CodeVerifier(codeVerifier)));
	}

	private Mono<TokenResponse> request(AuthorizationGrant grant) {
		return this.metadata.get()
			// Deferred per attempt: a private_key_jwt retry carries a fresh assertion (new jti).
			.flatMap(provider -> Mono.defer(() -> post(provider, grant)).retryWhen(this.retry))
			.onErrorMap(IdentityProviderException::unavailable);
	}

	private Mono<TokenResponse> post(ProviderMetadata provider, AuthorizationGrant grant) {
		URI endpoint = this.credentials.tokenEndpoint(provider);
		TokenRequest.Builder request = new TokenRequest.Builder(endpoint,
				this.credentials.authentication(provider, endpoint), grant);
		this.properties.tokenRequestParameters().forEach(request::customParameter);
		return IdpHttp.exchange(this.credentials.client(), request.build().toHTTPRequest(), IdpEndpoint.TOKEN)
			.map(answer -> read(provider, answer));
	}

	private TokenResponse read(ProviderMetadata provider, HTTPResponse answer) {
		com.nimbusds.oauth2.sdk.TokenResponse parsed;
		try {
			parsed = OIDCTokenResponseParser.parse(answer);
		}
		catch (ParseException ex) {
			FailureLog.IDENTITY_PROVIDER.record(TokenEndpointClient.class,
					"token endpoint answered " + answer.getStatusCode() + " with an unreadable body");
			throw new IllegalStateException("unreadable token response");
		}
		if (parsed.indicatesSuccess()) {
			return this.responses.of(parsed.toSuccessResponse());
		}
		throw failure(provider, answer.getStatusCode(), parsed.toErrorResponse().getErrorObject());
	}

	private RuntimeException failure(ProviderMetadata provider, int status, ErrorObject error) {
		String code = (error != null && error.getCode() != null) ? error.getCode() : "no error code";
		boolean clientError = status >= 400 && status < 500;
		if (clientError && "invalid_grant".equals(code)) {
			return IdentityProviderException.invalidGrant();
		}
		if (clientError && "invalid_request".equals(code)) {
			return IdentityProviderException.invalidRequest();
		}
		// 5xx, or invalid_client and the like: not retried (see above), answered 503. A refusal of
		// the client itself is the operator's to fix, so its line names the IdP's code and the settings.
		String detail = "token endpoint answered " + status + " "
				+ TokenEndpointErrors.describe(code, this.credentials.method(provider));
		(clientError ? FailureLog.CLIENT_REFUSED : FailureLog.IDENTITY_PROVIDER).record(TokenEndpointClient.class,
				detail);
		return (RuntimeException) IdentityProviderException.unavailable(new IllegalStateException(TokenEndpointErrors.safe(code)));
	}

	/**
	 * Whether {@code failure} happened before a byte of the request could reach the IdP: the
	 * connection was never made. Package-private so the policy can be checked on its own.
	 */
	static boolean neverReachedTheIdp(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			// Netty's connect timeout is a ConnectException too.
			if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
				return true;
			}
		}
		return false;
	}

}
