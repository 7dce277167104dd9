package dev.sessiongate.relay;

import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.observability.RelayAttributes;
import dev.sessiongate.session.Session;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.observability.micrometer.Micrometer;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code sessiongate_relay_replays_total}, the replay's span, and what the access log says
 * the relay did.
 */
@Component
class RelayMetrics {

	private final Counter replays;

	private final ObservationRegistry observations;

	RelayMetrics(MeterRegistry meters, ObservationRegistry observations) {
		this.observations = observations;
		this.replays = Counter.builder(GatewayMeters.RELAY_REPLAYS)
			.description("Requests sent upstream again after a 401")
			.register(meters);
	}

	/** Notes, for the access log, whether the request waited for a new token before going upstream. */
	void refreshed(ServerWebExchange exchange, Session read, Session fresh) {
		if (!fresh.tokens().accessToken().equals(read.tokens().accessToken())) {
			RelayAttributes.markRefreshed(exchange);
		}
	}

	void replayed(ServerWebExchange exchange) {
		this.replays.increment();
		RelayAttributes.markReplayed(exchange);
	}

	/** A replay, refresh included, as a span of the request's trace ({@code sessiongate.relay.replay}). */
	Mono<Void> observedReplay(Mono<Void> replay) {
		return replay.name(GatewayMeters.RELAY_REPLAY).tap(Micrometer.observation(this.observations));
	}

}
