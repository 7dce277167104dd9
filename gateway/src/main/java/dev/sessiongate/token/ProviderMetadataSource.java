package dev.sessiongate.token;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The IdP's discovery document, fetched on first use and kept. A failed fetch is not
 * remembered: the next caller tries again, so the gateway starts while the IdP is down
 * and works once it answers.
 */
@Component
public class ProviderMetadataSource {

	private static final Log logger = LogFactory.getLog(ProviderMetadataSource.class);

	private static final Duration REREAD_AFTER = Duration.ofHours(1);

	private final Mono<ProviderMetadata> metadata;

	ProviderMetadataSource(OidcProperties properties, WebClient idpWebClient) {
		String location = properties.issuerUri().toString().replaceAll("/$", "") + "/.well-known/openid-configuration";
		if (!properties.allowInsecureHttp() && !"https".equalsIgnoreCase(properties.issuerUri().getScheme())) {
			logger.warn("sessiongate.oidc.issuer-uri is not https: discovery will be refused until it is, "
					+ "or until sessiongate.oidc.allow-insecure-http=true (local development only)");
		}
		this.metadata = idpWebClient.get()
			.uri(location)
			.retrieve()
			.bodyToMono(String.class)
			.map(json -> parse(json, properties))
			.retryWhen(Retry.backoff(2, Duration.ofMillis(100)).jitter(0.5))
			.doOnError(ex -> logger.warn("OIDC discovery at " + location + " failed: " + ex.getMessage()))
			.onErrorMap(IdentityProviderException::unavailable)
			// Keep a success for a while, forget a failure at once.
			.cache(value -> REREAD_AFTER, error -> Duration.ZERO, () -> Duration.ZERO);
	}

	public Mono<ProviderMetadata> get() {
		return this.metadata;
	}

	private static ProviderMetadata parse(String json, OidcProperties properties) {
		try {
			return ProviderMetadata.parse(json, properties);
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException("invalid discovery document: " + ex.getMessage());
		}
	}

}
