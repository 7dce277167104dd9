package dev.sessiongate.token;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code discovery} health, part of readiness: DOWN until the IdP's discovery document has
 * been read once (logins need it), UP from then on, whatever the IdP does later. An
 * instance that holds the document serves from it, stale if need be (see
 * {@link ProviderMetadataSource}), so it has no reason to leave the load balancer; and
 * from then on the probe answers from memory, never waiting on the IdP.
 */
@Component
class DiscoveryHealthIndicator implements ReactiveHealthIndicator {

	private final ProviderMetadataSource metadata;

	DiscoveryHealthIndicator(ProviderMetadataSource metadata) {
		this.metadata = metadata;
	}

	@Override
	public Mono<Health> health() {
		if (this.metadata.isDiscovered()) {
			return Mono.just(discovered());
		}
		return this.metadata.get()
			.map(provider -> discovered())
			.onErrorResume(failure -> Mono.just(Health.down().withDetail("reason", "discovery not read yet").build()));
	}

	private Health discovered() {
		return Health.up().withDetail("servingStaleDiscovery", this.metadata.isStale()).build();
	}

}
