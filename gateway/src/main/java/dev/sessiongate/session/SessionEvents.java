package dev.sessiongate.session;

import dev.sessiongate.observability.GatewayMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts sessions created and ended; meters are registered once, the end reason is a tag.
 */
final class SessionEvents {

	private final Counter created;

	private final MeterRegistry meters;

	SessionEvents(MeterRegistry meters) {
		this.meters = meters;
		this.created = Counter.builder(GatewayMeters.SESSIONS_STARTED)
			.description("Sessions opened by a login")
			.register(meters);
	}

	void created() {
		this.created.increment();
	}

	void ended(SessionEndReason reason) {
		// Micrometer caches meters by id, so this lookup does not register anew.
		this.meters.counter(GatewayMeters.SESSIONS_ENDED, GatewayMeters.REASON, reason.tag()).increment();
	}

}
