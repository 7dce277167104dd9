package dev.sessiongate.relay;

import dev.sessiongate.observability.GatewayMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/** {@code sessiongate_relay_replays_total}. */
@Component
class RelayMetrics {

	private final Counter replays;

	RelayMetrics(MeterRegistry meters) {
		this.replays = Counter.builder(GatewayMeters.RELAY_REPLAYS)
			.description("Requests sent upstream again after a 401")
			.register(meters);
	}

	void replayed() {
		this.replays.increment();
	}

}
