package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.observability.ObservabilityProperties;
import dev.sessiongate.observability.PeriodicTask;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * {@code sessiongate_sessions_live}: about how many sessions Redis holds, estimated every
 * {@code sessiongate.observability.live-sessions-interval} from the key count
 * ({@code DBSIZE}, summed over a cluster's primaries) times the share of session hashes
 * among {@value #SAMPLE} random keys ({@code RANDOMKEY}, in one script call): two commands
 * a run however many sessions there are, and a share within a few points (its standard
 * error is at most 5). The other keys are the sessions' indexes, login transactions and
 * leases. NaN until the first estimate; while Redis is out, the last one stays.
 */
@Component
class LiveSessionsEstimate extends PeriodicTask {

	static final int SAMPLE = 100;

	private static final RedisScript<Long> SAMPLE_SESSIONS = RedisScripts.load("sessions_sample", Long.class);

	private static final List<byte[]> SAMPLE_SIZE = List
		.of(Integer.toString(SAMPLE).getBytes(StandardCharsets.US_ASCII));

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private volatile double estimate = Double.NaN;

	LiveSessionsEstimate(ReactiveRedisTemplate<String, byte[]> sessionRedisTemplate,
			ObservabilityProperties properties, MeterRegistry meters) {
		super(properties.liveSessionsInterval());
		this.redis = sessionRedisTemplate;
		Gauge.builder(GatewayMeters.SESSIONS_LIVE, this, sessions -> sessions.estimate)
			.description("Sessions held in Redis, estimated from a sample of keys")
			.register(meters);
	}

	@Override
	protected Mono<Void> runOnce() {
		return this.redis.execute(connection -> connection.serverCommands().dbSize())
			.next()
			.flatMap(keys -> (keys == 0) ? Mono.just(0.0) : sessionShare().map(share -> keys * share))
			.doOnNext(sessions -> this.estimate = sessions)
			.then();
	}

	private Mono<Double> sessionShare() {
		return this.redis.execute(SAMPLE_SESSIONS, List.of(), SAMPLE_SIZE)
			.next()
			.map(sessions -> (double) sessions / SAMPLE);
	}

}
