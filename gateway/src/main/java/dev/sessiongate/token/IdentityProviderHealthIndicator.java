package dev.sessiongate.token;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code identityProvider} health, part of readiness: up once the IdP's discovery document
 * has been read. The gateway starts while the IdP is down (sessions in Redis keep working
 * until they need a refresh) and becomes ready when the IdP answers.
 */
@Component
class IdentityProviderHealthIndicator implements ReactiveHealthIndicator {

	private final ProviderMetadataSource metadata;

	IdentityProviderHealthIndicator(ProviderMetadataSource metadata) {
		this.metadata = metadata;
	}

	@Override
	public Mono<Health> health() {
		return this.metadata.get()
			.map(provider -> Health.up().withDetail("issuer", provider.issuer()).build())
			.onErrorResume(failure -> Mono.just(Health.down().withDetail("reason", "discovery failed").build()));
	}

}
