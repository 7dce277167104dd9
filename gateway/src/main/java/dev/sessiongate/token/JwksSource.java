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
 * the IdP. A read that fails keeps the last good keys in use, and is itself remembered for
 * {@link #FAILURE_BACKOFF}, so an IdP outage does not turn every verification into a call
 * that waits for its timeout.
 */
@Component
public class JwksSource {

	private static final Duration KEEP = Duration.ofMinutes(15);

	private static final Duration MIN_REREAD_INTERVAL = Duration.ofSeconds(30);

	static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

	private final ProviderMetadataSource metadata;

	private final WebClient webClient;

	private final Clock clock;

	private final AtomicReference<Mono<JWKSet>> keys = new AtomicReference<>();

	/** When the held read is due to be replaced ({@link Clock} millis); never while a read is under way. */
	private final AtomicLong dueAt = new AtomicLong(Long.MAX_VALUE);

	private final AtomicReference<JWKSet> lastGood = new AtomicReference<>();

	private final AtomicLong lastReread = new AtomicLong(Long.MIN_VALUE / 2);

	JwksSource(ProviderMetadataSource metadata, WebClient idpWebClient, Clock clock) {
		this.metadata = metadata;
		this.webClient = idpWebClient;
		this.clock = clock;
		// The first read starts with the first caller (cache() subscribes then) and sets when it is due.
		this.keys.set(fetch());
	}

	/** The keys that may have signed a token with this header; empty when none is known. */
	public Mono<List<JWK>> candidates(JWSHeader header) {
		JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
		return Mono.defer(this::current)
			.map(selector::select)
			.filter(found -> !found.isEmpty())
			.switchIfEmpty(Mono.defer(() -> reread().map(selector::select)));
	}

	private Mono<JWKSet> current() {
		long due = this.dueAt.get();
		if (this.clock.millis() >= due && this.dueAt.compareAndSet(due, Long.MAX_VALUE)) {
			this.keys.set(fetch());
		}
		return this.keys.get();
	}

	private Mono<JWKSet> reread() {
		long now = this.clock.millis();
		long last = this.lastReread.get();
		if (now - last >= MIN_REREAD_INTERVAL.toMillis() && this.lastReread.compareAndSet(last, now)) {
			this.dueAt.set(Long.MAX_VALUE);
			this.keys.set(fetch());
		}
		return this.keys.get();
	}

	/**
	 * One read, shared by every caller until it is due again: a fresh read after
	 * {@link #KEEP}, a failed one after {@link #FAILURE_BACKOFF}.
	 */
	private Mono<JWKSet> fetch() {
		return this.metadata.get()
			.flatMap(provider -> this.webClient.get()
				.uri(provider.jwksUri())
				.attribute(IdpEndpoint.ATTRIBUTE, IdpEndpoint.JWKS)
				.retrieve()
				.bodyToMono(String.class))
			.map(JwksSource::parse)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("empty JWKS")))
			.doOnNext(fresh -> {
				this.lastGood.set(fresh);
				this.dueAt.set(this.clock.millis() + KEEP.toMillis());
			})
			.onErrorResume(failure -> {
				this.dueAt.set(this.clock.millis() + FAILURE_BACKOFF.toMillis());
				JWKSet stale = this.lastGood.get();
				return (stale != null) ? Mono.just(stale) : Mono.error(IdentityProviderException.unavailable(failure));
			})
			// Survives callers that give up, so the read completes and sets when it is due.
			.cache();
	}

	private static JWKSet parse(String json) {
		try {
			return JWKSet.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("invalid JWKS");
		}
	}

}
