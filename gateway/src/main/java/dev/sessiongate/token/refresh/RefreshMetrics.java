package dev.sessiongate.token.refresh;

import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.token.IdentityProviderException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.observability.micrometer.Micrometer;
import reactor.core.publisher.Mono;

/**
 * {@code sessiongate_refresh_seconds{outcome}} and {@code sessiongate_refresh_joined_total},
 * and the refresh's spans.
 */
final class RefreshMetrics {

	private final Timer success;

	private final Timer invalidGrant;

	private final Timer error;

	private final Counter joined;

	private final ObservationRegistry observations;

	RefreshMetrics(MeterRegistry meters, ObservationRegistry observations) {
		this.observations = observations;
		this.success = timer(meters, "success");
		this.invalidGrant = timer(meters, "invalid_grant");
		this.error = timer(meters, "error");
		this.joined = Counter.builder(GatewayMeters.REFRESH_JOINED)
			.description("Requests that waited on a refresh already in flight")
			.register(meters);
	}

	void joined() {
		this.joined.increment();
	}

	<T> Mono<T> timed(Mono<T> call) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return call.doOnSuccess(result -> record(this.success, start))
				.doOnError(failure -> record(isInvalidGrant(failure) ? this.invalidGrant : this.error, start));
		});
	}

	/** {@code work} as a span (child of the caller's) and a timer named {@code name}. */
	<T> Mono<T> observed(String name, Mono<T> work) {
		return work.name(name).tap(Micrometer.observation(this.observations));
	}

	private static boolean isInvalidGrant(Throwable failure) {
		return failure instanceof IdentityProviderException idp && idp.isInvalidGrant();
	}

	private static void record(Timer timer, long start) {
		timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	private static Timer timer(MeterRegistry meters, String outcome) {
		return Timer.builder(GatewayMeters.REFRESH)
			.description("Refreshes at the IdP")
			.tag(GatewayMeters.OUTCOME, outcome)
			.register(meters);
	}

}
