package dev.sessiongate.session.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.sessiongate.observability.GatewayMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code sessiongate_session_cache_requests_total{result}} (CONTRACT section 7), evictions by
 * cause, the cache's size, and the invalidation lag: from the change in Redis (its
 * {@code TIME} inside the script) to this instance hearing of it.
 */
final class NearCacheMetrics {

	/** The lag is measured on wall clocks, never the injected one, which tests move. */
	private static final Clock WALL = Clock.systemUTC();

	private final Counter hits;

	private final Counter misses;

	private final Map<EvictionCause, Counter> evictions = new EnumMap<>(EvictionCause.class);

	private final Timer lag;

	NearCacheMetrics(MeterRegistry meters, Supplier<Number> size) {
		this.hits = requests(meters, "hit");
		this.misses = requests(meters, "miss");
		for (EvictionCause cause : EvictionCause.values()) {
			this.evictions.put(cause, Counter.builder(GatewayMeters.SESSION_CACHE_EVICTIONS)
				.description("Sessions the near cache let go, by cause")
				.tag(GatewayMeters.CAUSE, cause.tag())
				.register(meters));
		}
		Gauge.builder(GatewayMeters.SESSION_CACHE_SIZE, size).description("Sessions in the near cache").register(meters);
		this.lag = Timer.builder(GatewayMeters.SESSION_CACHE_INVALIDATION_LAG)
			.description("From a session's change in Redis to this instance hearing of it")
			// Sub-millisecond when all is well; the contract's bound is one second.
			.serviceLevelObjectives(Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
					Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
					Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1))
			.register(meters);
	}

	void hit() {
		this.hits.increment();
	}

	void miss() {
		this.misses.increment();
	}

	void evicted(EvictionCause cause) {
		this.evictions.get(cause).increment();
	}

	void evicted(EvictionCause cause, long count) {
		this.evictions.get(cause).increment(count);
	}

	/** Records the lag of a change Redis made at {@code changedAtMicros}; a clock step backwards is left out. */
	void heard(long changedAtMicros) {
		long lagMicros = ChronoUnit.MICROS.between(Instant.EPOCH, WALL.instant()) - changedAtMicros;
		if (lagMicros >= 0) {
			this.lag.record(lagMicros, TimeUnit.MICROSECONDS);
		}
	}

	private static Counter requests(MeterRegistry meters, String result) {
		return Counter.builder(GatewayMeters.SESSION_CACHE_REQUESTS)
			.description("Session reads answered from memory (hit) or from Redis (miss)")
			.tag(GatewayMeters.RESULT, result)
			.register(meters);
	}

}
