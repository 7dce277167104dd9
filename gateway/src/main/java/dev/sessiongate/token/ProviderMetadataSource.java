package dev.sessiongate.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import dev.sessiongate.observability.FailureLog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The IdP's discovery document, fetched on first use and read again every hour. A failed
 * first fetch is not remembered: the next caller tries again, so the gateway starts while
 * the IdP is down and works once it answers. A failed re-read keeps the last document in
 * service (and tries again a minute later): endpoints rarely move, and an IdP outage must
 * not take logins, refreshes and logouts down with it before the IdP is even needed.
 */
@Component
public class ProviderMetadataSource {

	private static final Log logger = LogFactory.getLog(ProviderMetadataSource.class);

	private static final Duration REREAD_AFTER = Duration.ofHours(1);

	private static final Duration RETRY_STALE_AFTER = Duration.ofMinutes(1);

	private final Clock clock;

	private final AtomicReference<ProviderMetadata> lastRead = new AtomicReference<>();

	private volatile boolean stale;

	private final Mono<ProviderMetadata> metadata;

	ProviderMetadataSource(OidcProperties properties, WebClient idpWebClient, Clock clock) {
		this.clock = clock;
		if (!properties.allowInsecureHttp() && !"https".equalsIgnoreCase(properties.issuerUri().getScheme())) {
			logger.warn("sessiongate.oidc.issuer-uri is not https: discovery will be refused until it is, "
					+ "or until sessiongate.oidc.allow-insecure-http=true (local development only)");
		}
		this.metadata = idpWebClient.get()
			.uri(properties.discoveryUri())
			.attribute(IdpEndpoint.ATTRIBUTE, IdpEndpoint.DISCOVERY)
			.retrieve()
			.bodyToMono(String.class)
			.map(json -> parse(json, properties))
			.retryWhen(Retry.backoff(2, Duration.ofMillis(100)).jitter(0.5))
			.doOnError(ex -> FailureLog.IDENTITY_PROVIDER.record(ProviderMetadataSource.class, ex))
			.map(this::fresh)
			.onErrorResume(this::staleOrFailure)
			.cacheInvalidateIf(read -> !this.clock.instant().isBefore(read.rereadAt()))
			.map(Read::metadata);
	}

	public Mono<ProviderMetadata> get() {
		return this.metadata;
	}

	/** Whether the document has been read at least once since start-up. */
	public boolean isDiscovered() {
		return this.lastRead.get() != null;
	}

	/** Whether the last re-read failed, so an older document is in service. */
	public boolean isStale() {
		return this.stale;
	}

	private Read fresh(ProviderMetadata document) {
		this.lastRead.set(document);
		this.stale = false;
		return new Read(document, this.clock.instant().plus(REREAD_AFTER));
	}

	private Mono<Read> staleOrFailure(Throwable failure) {
		ProviderMetadata last = this.lastRead.get();
		if (last == null) {
			return Mono.error(IdentityProviderException.unavailable(failure));
		}
		this.stale = true;
		return Mono.just(new Read(last, this.clock.instant().plus(RETRY_STALE_AFTER)));
	}

	private static ProviderMetadata parse(String json, OidcProperties properties) {
		try {
			return ProviderMetadata.parse(json, properties);
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException("invalid discovery document: " + ex.getMessage());
		}
	}

	/** A document in service until {@code rereadAt}. */
	private record Read(ProviderMetadata metadata, Instant rereadAt) {
	}

}
