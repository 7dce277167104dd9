package dev.sessiongate.token;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTParser;
import dev.sessiongate.observability.FailureLog;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Calls the IdP's token endpoint, authenticating as the provider's discovery document
 * says. Only failures that cannot have reached the IdP's grant logic are retried: a
 * refused connection, a connect timeout, a host name that did not resolve. Repeating a
 * refresh the IdP may have carried out would present a rotated refresh token twice, which
 * an IdP with reuse detection answers by revoking the whole session. So none of these is
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

	/** Used when a response says nothing of the access token's lifetime. */
	private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

	private final WebClient webClient;

	private final ProviderMetadataSource metadata;

	private final ClientAuthentication clientAuthentication;

	private final Clock clock;

	private final Retry retry = Retry.backoff(2, Duration.ofMillis(100))
		.maxBackoff(Duration.ofSeconds(1))
		.jitter(0.5)
		.filter(TokenEndpointClient::neverReachedTheIdp)
		.onRetryExhaustedThrow((spec, signal) -> signal.failure());

	TokenEndpointClient(WebClient idpWebClient, ProviderMetadataSource metadata, OidcProperties properties,
			Clock clock) {
		this.webClient = idpWebClient;
		this.metadata = metadata;
		this.clientAuthentication = new ClientAuthentication(properties);
		this.clock = clock;
	}

	/** Exchanges a refresh token for new tokens. */
	public Mono<TokenResponse> refresh(String refreshToken) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", refreshToken);
		return request(form);
	}

	/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
	public Mono<TokenResponse> exchangeCode(String code, String redirectUri, String codeVerifier) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", redirectUri);
		form.add("code_verifier", codeVerifier);
		return request(form);
	}

	private Mono<TokenResponse> request(MultiValueMap<String, String> form) {
		return this.metadata.get()
			.flatMap(provider -> post(provider, form))
			.retryWhen(this.retry)
			.onErrorMap(IdentityProviderException::unavailable);
	}

	private Mono<TokenResponse> post(ProviderMetadata provider, MultiValueMap<String, String> form) {
		MultiValueMap<String, String> body = new LinkedMultiValueMap<>(form);
		WebClient.RequestBodySpec request = this.webClient.post()
			.uri(provider.tokenEndpoint())
			.attribute(IdpEndpoint.ATTRIBUTE, IdpEndpoint.TOKEN)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON);
		return this.clientAuthentication.apply(provider, request, body)
			.body(BodyInserters.fromFormData(body))
			.exchangeToMono(this::read);
	}

	private Mono<TokenResponse> read(ClientResponse response) {
		if (response.statusCode().is2xxSuccessful()) {
			return response.bodyToMono(String.class)
				.switchIfEmpty(Mono.error(() -> new IllegalStateException("empty token response")))
				.map(this::parse);
		}
		return response.bodyToMono(String.class).defaultIfEmpty("{}").flatMap(body -> {
			if (response.statusCode().is4xxClientError() && "invalid_grant".equals(errorCode(body))) {
				return Mono.error(IdentityProviderException.invalidGrant());
			}
			if (response.statusCode().is4xxClientError() && "invalid_request".equals(errorCode(body))) {
				return Mono.error(IdentityProviderException.invalidRequest());
			}
			// 5xx, or invalid_client and the like (configuration problems): not retried, see above.
			FailureLog.IDENTITY_PROVIDER.record(TokenEndpointClient.class,
					"token endpoint answered " + response.statusCode().value() + " " + errorCode(body));
			return Mono.error(IdentityProviderException.unavailable(new IllegalStateException(errorCode(body))));
		});
	}

	private TokenResponse parse(String json) {
		try {
			Map<String, Object> fields = JSONObjectUtils.parse(json);
			String accessToken = JSONObjectUtils.getString(fields, "access_token");
			if (accessToken == null) {
				throw new IllegalStateException("token response without access_token");
			}
			Instant expiresAt = expiry(accessToken, fields.get("expires_in"));
			TokenSet tokens = new TokenSet(accessToken, expiresAt, JSONObjectUtils.getString(fields, "refresh_token"),
					JSONObjectUtils.getString(fields, "id_token"));
			return new TokenResponse(tokens, JSONObjectUtils.getString(fields, "scope"));
		}
		catch (ParseException ex) {
			throw new IllegalStateException("token response is not JSON");
		}
	}

	/**
	 * When the access token expires: the earlier of {@code expires_in} (counted from when the
	 * answer arrived, so late by however long it took) and the token's own {@code exp} when it
	 * is a JWT. An answer that arrives late (a slow IdP, a held connection) would otherwise make
	 * the gateway relay a token the API already refuses as expired.
	 */
	private Instant expiry(String accessToken, Object expiresIn) {
		Instant now = this.clock.instant();
		Instant fromExpiresIn = null;
		if (expiresIn instanceof Number seconds) {
			fromExpiresIn = now.plusSeconds(seconds.longValue());
		}
		else if (expiresIn instanceof String seconds && seconds.matches("\\d{1,9}")) {
			fromExpiresIn = now.plusSeconds(Long.parseLong(seconds));
		}
		Instant fromJwt = jwtExpiry(accessToken);
		if (fromExpiresIn != null && fromJwt != null) {
			return fromJwt.isBefore(fromExpiresIn) ? fromJwt : fromExpiresIn;
		}
		if (fromExpiresIn != null) {
			return fromExpiresIn;
		}
		return (fromJwt != null) ? fromJwt : now.plus(DEFAULT_LIFETIME);
	}

	private static Instant jwtExpiry(String accessToken) {
		try {
			Date exp = JWTParser.parse(accessToken).getJWTClaimsSet().getExpirationTime();
			return (exp != null) ? exp.toInstant() : null;
		}
		catch (ParseException ex) {
			// An opaque access token.
			return null;
		}
	}

	private static String errorCode(String body) {
		try {
			return JSONObjectUtils.getString(JSONObjectUtils.parse(body), "error");
		}
		catch (ParseException | RuntimeException ex) {
			return "unparseable error";
		}
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
