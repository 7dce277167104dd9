package dev.sessiongate.load;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * The cost of the common case: relayed GETs with live tokens (no refresh) at a fixed rate, over kept-alive
 * connections. After a warm-up (at least 60 s, so the gateway's JIT has settled) a measured window reports
 * throughput, p50/p99, the gateway's CPU per relayed request (its process' CPU time across the window, divided by
 * the window's requests), Redis commands per request (INFO commandstats across the window) and Redis bytes per
 * session (MEMORY USAGE). Compare against ~170 us CPU, 1 Redis command and 4 KB per session.
 *
 * <p>
 * Knobs: {@code -Dbench.steady.rate=200 -Dbench.steady.sessions=500 -Dbench.steady.warmup-seconds=60
 * -Dbench.steady.measure-seconds=60 -Dbench.steady.p99-bound-ms=250}.
 */
public class RelaySteadyStateSimulation extends Simulation {

	static final String MEASURED_REQUEST = "relay";

	private static final int RATE = BenchSettings.intValue("steady.rate", 200);

	private static final int SESSIONS = BenchSettings.intValue("steady.sessions", 500);

	private static final int WARMUP_SECONDS = BenchSettings.intValue("steady.warmup-seconds", 60);

	private static final int MEASURE_SECONDS = BenchSettings.intValue("steady.measure-seconds", 60);

	// Generous for 2 cores shared by the load generator, the sandbox, Redis and the gateway.
	private static final int P99_BOUND_MILLIS = BenchSettings.intValue("steady.p99-bound-ms", 250);

	// No refresh may happen in the run: tokens outlive it by far, skew included.
	private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

	private final SandboxAdminClient admin = new SandboxAdminClient(BenchSettings.adminUrl());

	private final ProcessCpu gatewayCpu = ProcessCpu.gateway();

	private final SessionFeed sessions = new SessionFeed();

	private final Answers warmupAnswers = new Answers(RATE * WARMUP_SECONDS);

	private final Answers answers = new Answers(RATE * MEASURE_SECONDS);

	private final ScenarioBuilder warmup = Relay.oneRequestPerUser("warm-up", "relay warm-up", this.sessions,
			this.warmupAnswers);

	private final ScenarioBuilder measured = Relay.oneRequestPerUser("measured", MEASURED_REQUEST, this.sessions,
			this.answers);

	// Probes run alone between phases; their blocking reads (/proc, the admin API) hold up no user.
	private final ScenarioBuilder windowStart = scenario("window start").exec(this::openWindow);

	private final ScenarioBuilder windowEnd = scenario("window end").exec(this::closeWindow);

	private volatile Window window;

	private volatile Measured result;

	{
		setUp(this.warmup.injectOpen(constantUsersPerSec(RATE).during(WARMUP_SECONDS))
			.andThen(this.windowStart.injectOpen(atOnceUsers(1))
				.andThen(this.measured.injectOpen(constantUsersPerSec(RATE).during(MEASURE_SECONDS))
					.andThen(this.windowEnd.injectOpen(atOnceUsers(1))))))
			// Kept-alive connections, as apps and browsers hold them: the figures are per request, not per TLS-less connect.
			.protocols(Relay.protocol().shareConnections())
			// The SLOs hold for the measured window; a cold gateway's warm-up is reported, not judged.
			.assertions(details(MEASURED_REQUEST).failedRequests().count().is(0L),
					details(MEASURED_REQUEST).responseTime().percentile(99.0).lt(P99_BOUND_MILLIS));
	}

	@Override
	public void before() {
		this.admin.idpDelay(Duration.ZERO);
		this.admin.accessTokenLifetime(TOKEN_LIFETIME);
		this.sessions.use(BenchSessions.create(this.admin, SESSIONS));
		this.admin.reset();
	}

	private Session openWindow(Session session) {
		long cpu = this.gatewayCpu.isKnown() ? this.gatewayCpu.micros() : -1;
		this.window = new Window(System.nanoTime(), cpu, RedisWindow.open(this.admin));
		return session;
	}

	private Session closeWindow(Session session) {
		long cpu = this.gatewayCpu.isKnown() ? this.gatewayCpu.micros() : -1;
		long nanos = System.nanoTime() - this.window.startNanos();
		this.result = new Measured(nanos, (cpu >= 0 && this.window.cpuMicros() >= 0) ? cpu - this.window.cpuMicros()
				: -1, this.window.redis().close(this.admin));
		return session;
	}

	@Override
	public void after() {
		JsonNode counters = this.admin.counters();
		JsonNode memory = this.admin.redis().get("sessionMemory");
		Figures figures = new Figures("RelaySteadyStateSimulation").put("targetRatePerSecond", RATE)
			.put("sessions", SESSIONS)
			.put("warmupSeconds", WARMUP_SECONDS)
			.put("warmupRequests", this.warmupAnswers.total())
			.put("warmupNon200s", this.warmupAnswers.total() - this.warmupAnswers.withStatus(200))
			.put("warmupP99Ms", this.warmupAnswers.percentile(99));
		Measured measured = this.result;
		if (measured == null) {
			figures.put("error", "the measured window did not complete").publish();
			return;
		}
		long requests = this.answers.total();
		double seconds = measured.nanos() / 1e9;
		long evalsha = measured.redis().getOrDefault("evalsha", 0L) + measured.redis().getOrDefault("eval", 0L);
		long redisTotal = measured.redis().values().stream().mapToLong(Long::longValue).sum();
		figures.put("cpuWindowSeconds", seconds)
			.put("requests", requests)
			.put("throughputPerSecond", this.answers.perSecond())
			.put("non200s", requests - this.answers.withStatus(200))
			.put("p50Ms", this.answers.percentile(50))
			.put("p99Ms", this.answers.percentile(99))
			.put("maxMs", this.answers.percentile(100))
			.put("gatewayCpuMicrosPerRequest",
					(measured.cpuMicros() >= 0) ? (double) measured.cpuMicros() / requests : "unknown (no bench.gateway-pid)")
			.put("gatewayCpuCoresUsed", (measured.cpuMicros() >= 0) ? measured.cpuMicros() / 1e6 / seconds : "unknown")
			.put("redisScriptCallsPerRequest", (double) evalsha / requests)
			.put("redisCommandsPerRequestInclScriptInner", (double) redisTotal / requests)
			.put("redisCommandsInWindow", measured.redis())
			.put("redisSessionKeys", memory.get("sessions").asLong())
			.put("redisBytesPerSession", memory.get("bytesPerSession").asLong())
			.put("redisIndexKeys", memory.get("indexKeys").asLong())
			.put("redisBytesPerSessionWithIndexes", memory.get("bytesPerSessionWithIndexes").asLong())
			.put("idpRefreshes", counters.get("refreshCount").asInt())
			.publish();
	}

	private record Window(long startNanos, long cpuMicros, RedisWindow redis) {
	}

	private record Measured(long nanos, long cpuMicros, Map<String, Long> redis) {
	}

}
