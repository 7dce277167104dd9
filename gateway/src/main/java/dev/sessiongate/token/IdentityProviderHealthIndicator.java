package dev.sessiongate.token;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code identityProvider} health: whether the IdP answers its discovery document now,
 * within the IdP client's timeouts. A detail of {@code /actuator/health} and the source of
 * {@code sessiongate_dependency_up{dependency="identity_provider"}}, never part of
 * readiness: an IdP outage hits every replica at once, and taking them all out of the
 * load balancer would replace the contract's 503 with the load balancer's error.
 */
@Component
class IdentityProviderHealthIndicator implements ReactiveHealthIndicator {

	private final WebClient webClient;

	private final URI discovery;

	private final ProviderMetadataSource metadata;

	IdentityProviderHealthIndicator(WebClient idpWebClient, OidcProperties properties,
			ProviderMetadataSource metadata) {
		this.webClient = idpWebClient;
		this.discovery = properties.discoveryUri();
		this.metadata = metadata;
	}

	@Override
	public Mono<Health> health() {
		return this.webClient.get()
			.uri(this.discovery)
			.attribute(IdpEndpoint.ATTRIBUTE, IdpEndpoint.DISCOVERY)
			.retrieve()
			.toBodilessEntity()
			.map(answer -> Health.up())
			.onErrorResume(failure -> Mono.just(Health.down()
				.withDetail("reason", "discovery could not be read: " + failure.getClass().getSimpleName())))
			.map(health -> health.withDetail("discovery", this.discovery.toString())
				.withDetail("servingStaleDiscovery", this.metadata.isStale())
				.build());
	}

}
