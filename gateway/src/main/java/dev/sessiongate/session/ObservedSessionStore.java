package dev.sessiongate.session;

import dev.sessiongate.observability.GatewayMeters;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.observability.micrometer.Micrometer;
import reactor.core.publisher.Mono;

/**
 * The Redis store with its request lookups as a span of the request's trace and a timer
 * ({@code sessiongate.session.lookup}, issue 12). It sits beneath the near cache, so only
 * the lookups that reach Redis are observed: a hit is a map read that costs less than its
 * own span (issue 11 measured Observation and tracing on a third of a relayed request's
 * samples), and the span is kept where the time goes. The re-reads that decide a refresh
 * ({@link #findCurrent}) stay unobserved here: the refresh's own span covers them.
 */
final class ObservedSessionStore extends ForwardingSessionStore {

	private final ObservationRegistry observations;

	ObservedSessionStore(SessionStore store, ObservationRegistry observations) {
		super(store);
		this.observations = observations;
	}

	@Override
	public Mono<Session> find(SessionId id) {
		return store().find(id).name(GatewayMeters.SESSION_LOOKUP).tap(Micrometer.observation(this.observations));
	}

}
