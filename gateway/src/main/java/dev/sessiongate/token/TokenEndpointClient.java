package dev.sessiongate.token;

import java.net.ConnectException;
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
 * says. Only failures that cannot have reached the IdP's grant logic are retried
 * (refused connections; 502, 503 and 504, which proxies and overloaded IdPs answer before
 * the grant runs): repeating a refresh the IdP may have carried out would present a
 * rotated refresh token twice. A 500 may come after the grant, so it is not retried.
 */
@Component
public class TokenEndpointClient {

	/** Used when a response says nothing of the access token's lifetime. */
	private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

	/** Answers given before the grant logic ran: bad gateway, unavailable, gateway timeout. */
	private static final java.util.Set<Integer> RETRYABLE_STATUSES = java.util.Set.of(502, 503, 504);

	private final WebClient webClient;

	private final ProviderMetadataSource metadata;

	private final ClientAuthentication clientAuthentication;

	private final Clock clock;

	private final Retry retry = Retry.backoff(2, Duration.ofMillis(100))
		.maxBackoff(Duration.ofSeconds(1))
		.jitter(0.5)
		.filter(TokenEndpointClient::neverReachedGrantLogic)
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
			return response.bodyToMono(String.class).map(this::parse);
		}
		return response.bodyToMono(String.class).defaultIfEmpty("{}").flatMap(body -> {
			if (response.statusCode().is4xxClientError() && "invalid_grant".equals(errorCode(body))) {
				return Mono.error(IdentityProviderException.invalidGrant());
			}
			if (RETRYABLE_STATUSES.contains(response.statusCode().value())) {
				return Mono.error(new IdpServerError(response.statusCode().value()));
			}
			// invalid_client and the like: configuration problems, retrying will not help.
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

	private Instant expiry(String accessToken, Object expiresIn) {
		Instant now = this.clock.instant();
		if (expiresIn instanceof Number seconds) {
			return now.plusSeconds(seconds.longValue());
		}
		if (expiresIn instanceof String seconds && seconds.matches("\\d{1,9}")) {
			return now.plusSeconds(Long.parseLong(seconds));
		}
		try {
			Date exp = JWTParser.parse(accessToken).getJWTClaimsSet().getExpirationTime();
			if (exp != null) {
				return exp.toInstant();
			}
		}
		catch (ParseException ex) {
			// An opaque access token: fall through to the default.
		}
		return now.plus(DEFAULT_LIFETIME);
	}

	private static String errorCode(String body) {
		try {
			return JSONObjectUtils.getString(JSONObjectUtils.parse(body), "error");
		}
		catch (ParseException | RuntimeException ex) {
			return "unparseable error";
		}
	}

	private static boolean neverReachedGrantLogic(Throwable failure) {
		return failure instanceof IdpServerError || failure instanceof ConnectException
				|| failure.getCause() instanceof ConnectException;
	}

	/** A 502, 503 or 504: the IdP failed before handling the grant. */
	private static final class IdpServerError extends RuntimeException {

		IdpServerError(int status) {
			super("token endpoint answered " + status, null, false, false);
		}

	}

}
