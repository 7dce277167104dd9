package dev.sessiongate.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The fixed-rate half of {@code bench.sh relay-cost} (issue 11): the upstream alone, a plain route and the relay
 * route with a live session, each at the same open-model rate for a window, interleaved over rounds; per window the
 * answers' rate, p50 and p99, the gateway's CPU per request ({@code /proc}) and Redis commands per request
 * ({@code INFO commandstats}). bench.sh runs the saturation half (wrk) and puts both in one table.
 *
 * <p>
 * Knobs: {@code -Dbench.cost.targets=direct=URL,plain=URL,relay=URL -Dbench.cost.cookie=NAME=VALUE
 * -Dbench.cost.rate=1500 -Dbench.cost.seconds=20 -Dbench.cost.rounds=3}.
 */
public class RelayCostSimulation extends Simulation {

	private static final int RATE = BenchSettings.intValue("cost.rate", 1500);

	private static final int SECONDS = BenchSettings.intValue("cost.seconds", 20);

	private static final int ROUNDS = BenchSettings.intValue("cost.rounds", 3);

	private static final String COOKIE = System.getProperty("bench.cost.cookie", "");

	private final Map<String, String> targets = targets(System.getProperty("bench.cost.targets", ""));

	private final SandboxAdminClient admin = new SandboxAdminClient(BenchSettings.adminUrl());

	private final ProcessCpu gatewayCpu = ProcessCpu.gateway();

	private final Map<String, Window> windows = new LinkedHashMap<>();

	{
		List<PopulationBuilder> phases = new ArrayList<>();
		for (int round = 1; round <= ROUNDS; round++) {
			for (Map.Entry<String, String> target : this.targets.entrySet()) {
				String name = target.getKey() + "-" + round;
				Window window = new Window(new Answers(RATE * SECONDS));
				this.windows.put(name, window);
				phases.add(scenario(name + " open").exec(session -> open(window, session)).injectOpen(atOnceUsers(1)));
				phases.add(load(name, target.getValue(), window.answers()).injectOpen(constantUsersPerSec(RATE).during(SECONDS)));
				phases.add(scenario(name + " close").exec(session -> close(window, session)).injectOpen(atOnceUsers(1)));
			}
		}
		PopulationBuilder chain = phases.get(phases.size() - 1);
		for (int i = phases.size() - 2; i >= 0; i--) {
			chain = phases.get(i).andThen(chain);
		}
		setUp(chain).protocols(http.disableCaching().shareConnections());
	}

	private static ScenarioBuilder load(String name, String url, Answers answers) {
		return scenario(name).exec(exec(http(name).get(url)
			.header("Cookie", COOKIE)
			.check(status().saveAs(Answers.STATUS), responseTimeInMillis().saveAs(Answers.RESPONSE_TIME))
			.check(status().is(200))).exec(answers::record));
	}

	private Session open(Window window, Session session) {
		window.cpuStart = this.gatewayCpu.isKnown() ? this.gatewayCpu.micros() : -1;
		window.redis = RedisWindow.open(this.admin);
		window.startNanos = System.nanoTime();
		return session;
	}

	private Session close(Window window, Session session) {
		window.nanos = System.nanoTime() - window.startNanos;
		window.cpuMicros = (window.cpuStart >= 0) ? this.gatewayCpu.micros() - window.cpuStart : -1;
		window.commands = window.redis.close(this.admin);
		return session;
	}

	@Override
	public void after() {
		Figures figures = new Figures("RelayCostSimulation").put("ratePerSecond", RATE)
			.put("secondsPerWindow", SECONDS)
			.put("rounds", ROUNDS);
		this.windows.forEach((name, window) -> {
			long requests = window.answers().total();
			long commands = (window.commands != null) ? window.commands.values().stream().mapToLong(Long::longValue).sum()
					: -1;
			figures.put(name + ".requests", requests)
				.put(name + ".non200s", requests - window.answers().withStatus(200))
				.put(name + ".perSecond", window.answers().perSecond())
				.put(name + ".p50Ms", window.answers().percentile(50))
				.put(name + ".p99Ms", window.answers().percentile(99))
				.put(name + ".cpuMicrosPerRequest", (window.cpuMicros >= 0) ? (double) window.cpuMicros / requests : -1.0)
				.put(name + ".redisCommandsPerRequest", (double) commands / requests)
				.put(name + ".redisCommands", window.commands);
		});
		figures.publish();
	}

	private static Map<String, String> targets(String spec) {
		Map<String, String> targets = new LinkedHashMap<>();
		for (String target : spec.split(",")) {
			int equals = target.indexOf('=');
			if (equals > 0) {
				targets.put(target.substring(0, equals), target.substring(equals + 1));
			}
		}
		if (targets.isEmpty()) {
			throw new IllegalArgumentException("-Dbench.cost.targets=direct=URL,plain=URL,relay=URL is required");
		}
		return targets;
	}

	/** One target's window of one round; written by the probes, read after the run. */
	private static final class Window {

		private final Answers answers;

		private volatile long startNanos;

		private volatile long nanos;

		private volatile long cpuStart;

		private volatile long cpuMicros;

		private volatile RedisWindow redis;

		private volatile Map<String, Long> commands;

		Window(Answers answers) {
			this.answers = answers;
		}

		Answers answers() {
			return this.answers;
		}

	}

}
