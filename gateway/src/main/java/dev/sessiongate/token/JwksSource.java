package dev.sessiongate.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The IdP's signing keys, read reactively from its {@code jwks_uri} and kept for a while.
 * A token naming a key we do not hold triggers one re-read, since the IdP may have rotated
 * its keys; re-reads are rate-limited so that forged {@code kid}s cannot make us hammer
 * the IdP. A failed read is never remembered.
 */
@Component
public class JwksSource {

	private static final Duration KEEP = Duration.ofMinutes(15);

	private static final Duration MIN_REREAD_INTERVAL = Duration.ofSeconds(30);

	private final ProviderMetadataSource metadata;

	private final WebClient webClient;

	private final Clock clock;

	private final AtomicReference<Mono<JWKSet>> keys = new AtomicReference<>();

	private final AtomicLong lastReread = new AtomicLong(Long.MIN_VALUE / 2);

	JwksSource(ProviderMetadataSource metadata, WebClient idpWebClient, Clock clock) {
		this.metadata = metadata;
		this.webClient = idpWebClient;
		this.clock = clock;
		this.keys.set(fetch());
	}

	/** The keys that may have signed a token with this header; empty when none is known. */
	public Mono<List<JWK>> candidates(JWSHeader header) {
		JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
		return this.keys.get()
			.map(selector::select)
			.filter(found -> !found.isEmpty())
			.switchIfEmpty(Mono.defer(() -> reread().map(selector::select)));
	}

	private Mono<JWKSet> reread() {
		long now = this.clock.millis();
		long last = this.lastReread.get();
		if (now - last >= MIN_REREAD_INTERVAL.toMillis() && this.lastReread.compareAndSet(last, now)) {
			this.keys.set(fetch());
		}
		return this.keys.get();
	}

	private Mono<JWKSet> fetch() {
		return this.metadata.get()
			.flatMap(provider -> this.webClient.get()
				.uri(provider.jwksUri())
				.attribute(IdpEndpoint.ATTRIBUTE, IdpEndpoint.JWKS)
				.retrieve()
				.bodyToMono(String.class))
			.map(JwksSource::parse)
			.onErrorMap(IdentityProviderException::unavailable)
			// Keep a success for a while, forget a failure at once.
			.cache(value -> KEEP, error -> Duration.ZERO, () -> Duration.ZERO);
	}

	private static JWKSet parse(String json) {
		try {
			return JWKSet.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("invalid JWKS: " + ex.getMessage());
		}
	}

}
