package dev.sessiongate.observability;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;

/**
 * {@code sessiongate_dependency_up{dependency}}: the health of Redis and the IdP as a
 * metric, so an alert can fire on it. The health indicators are asked every
 * {@code sessiongate.observability.dependency-check-interval}, never from the scrape;
 * NaN until the first answer.
 */
final class DependencyHealthMetrics extends PeriodicTask {

	private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

	private final List<Dependency> dependencies = List.of(new Dependency("redis", "redis"),
			new Dependency("identity_provider", "identityProvider"));

	private final ReactiveHealthContributorRegistry contributors;

	DependencyHealthMetrics(ReactiveHealthContributorRegistry contributors, ObservabilityProperties properties,
			MeterRegistry meters) {
		super(properties.dependencyCheckInterval());
		this.contributors = contributors;
		for (Dependency dependency : this.dependencies) {
			Gauge.builder(GatewayMeters.DEPENDENCY_UP, dependency, Dependency::up)
				.description("1 while the dependency answers its health check, 0 while it does not")
				.tag(GatewayMeters.DEPENDENCY, dependency.tag)
				.register(meters);
		}
	}

	@Override
	protected Mono<Void> runOnce() {
		return Flux.fromIterable(this.dependencies).concatMap(this::check).then();
	}

	private Mono<Void> check(Dependency dependency) {
		if (!(this.contributors.getContributor(dependency.contributor) instanceof ReactiveHealthIndicator indicator)) {
			return Mono.empty();
		}
		return indicator.health()
			.timeout(CHECK_TIMEOUT)
			.map(Health::getStatus)
			.onErrorResume(failure -> Mono.just(Status.DOWN))
			.doOnNext(status -> dependency.up = Status.UP.equals(status) ? 1 : 0)
			.then();
	}

	/** A dependency by its metric tag and its health contributor's name, with its last state. */
	private static final class Dependency {

		private final String tag;

		private final String contributor;

		private volatile double up = Double.NaN;

		Dependency(String tag, String contributor) {
			this.tag = tag;
			this.contributor = contributor;
		}

		double up() {
			return this.up;
		}

	}

}
