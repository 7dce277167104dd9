package dev.sessiongate.token.refresh;

import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.token.IdentityProviderException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/** {@code sessiongate_refresh_seconds{outcome}} and {@code sessiongate_refresh_joined_total}. */
final class RefreshMetrics {

	private final Timer success;

	private final Timer invalidGrant;

	private final Timer error;

	private final Counter joined;

	RefreshMetrics(MeterRegistry meters) {
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
