package dev.sessiongate.load;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Issue 4's benchmark: S sessions x C concurrent requests, fired just after every session's access token expired.
 * Each session must be refreshed exactly once at the IdP (the others of its C requests join that refresh), no
 * client may see a 401, and the storm's p99 minus the IdP's known delay is what the gateway adds.
 *
 * <p>
 * Phases: a warm-up (relayed GETs whose tokens keep needing refreshes, so the refresh path is compiled too), a
 * baseline burst (the same S x C requests with live tokens: what the burst costs without any refresh), the
 * preparation (the storm's sessions, born with 2 s tokens, then a wait until those expired), the storm. Knobs:
 * {@code -Dbench.storm.sessions=50 -Dbench.storm.concurrency=20 -Dbench.storm.idp-delay-ms=100
 * -Dbench.storm.warmup-seconds=60 -Dbench.storm.p99-bound-ms=3000}. Each storm user has its own connection, like
 * S x C devices.
 */
public class RefreshStormSimulation extends Simulation {

	static final String STORM_REQUEST = "relay at expiry";

	static final String BASELINE_REQUEST = "burst with live tokens";

	static final String IDP_VERDICT = "IdP saw one refresh per session";

	private static final int SESSIONS = BenchSettings.intValue("storm.sessions", 50);

	private static final int CONCURRENCY = BenchSettings.intValue("storm.concurrency", 20);

	private static final Duration IDP_DELAY = Duration.ofMillis(BenchSettings.intValue("storm.idp-delay-ms", 100));

	private static final int WARMUP_SECONDS = BenchSettings.intValue("storm.warmup-seconds", 60);

	private static final int WARMUP_RATE = 50;

	private static final int WARMUP_SESSIONS = 20;

	// Generous: 2 shared cores open S x C connections at once while the IdP waits 100 ms per refresh.
	private static final int P99_BOUND_MILLIS = BenchSettings.intValue("storm.p99-bound-ms", 3000);

	// Against the default 30 s refresh skew: a warm-up session refreshes about every second it is used.
	private static final Duration WARMUP_LIFETIME = Duration.ofSeconds(31);

	// Tokens born with this lifetime are inside the refresh skew at once, and expired after it.
	private static final Duration SHORT_LIFETIME = Duration.ofSeconds(2);

	// Refreshed tokens must outlive the storm, or requests late in it would refresh again.
	private static final Duration LONG_LIFETIME = Duration.ofHours(1);

	private final SandboxAdminClient admin = new SandboxAdminClient(BenchSettings.adminUrl());

	private final SessionFeed warmupSessions = new SessionFeed();

	private final SessionFeed stormSessions = new SessionFeed();

	private final SessionFeed baselineSessions = new SessionFeed();

	private final Answers baselineAnswers = new Answers(SESSIONS * CONCURRENCY);

	private volatile JsonNode warmupCounters;

	private final Answers warmupAnswers = new Answers(WARMUP_RATE * WARMUP_SECONDS);

	private final Answers answers = new Answers(SESSIONS * CONCURRENCY);

	private final ScenarioBuilder warmup = Relay.oneRequestPerUser("warm-up", "relay warm-up", this.warmupSessions,
			this.warmupAnswers);

	// The same burst without expired tokens: what S x C simultaneous connections cost on this machine anyway.
	private final ScenarioBuilder baseline = Relay.oneRequestPerUser("baseline burst", BASELINE_REQUEST,
			this.baselineSessions, this.baselineAnswers);

	// Blocks a Gatling thread for a few seconds, which is harmless here: no other user is running.
	private final ScenarioBuilder prepare = scenario("storm sessions").exec(this::createStormSessions)
		.pause(SHORT_LIFETIME.plusSeconds(1))
		.exec(this::resetCounters);

	private final ScenarioBuilder storm = Relay.oneRequestPerUser("refresh storm", STORM_REQUEST,
			this.stormSessions, this.answers);

	// The IdP's side as Gatling checks, so "one refresh per session, no reuse" fails the run like any SLO.
	private final ScenarioBuilder idpVerdict = scenario("verdict at the IdP")
		.exec(http(IDP_VERDICT).get(BenchSettings.adminUrl() + "/counters")
			.check(jmesPath("refreshCount").ofInt().is(SESSIONS))
			.check(jmesPath("reuseDetections").ofInt().is(0)));

	{
		setUp(this.warmup.injectOpen(constantUsersPerSec(WARMUP_RATE).during(WARMUP_SECONDS))
			.andThen(this.baseline.injectOpen(atOnceUsers(SESSIONS * CONCURRENCY))
				.andThen(this.prepare.injectOpen(atOnceUsers(1))
					.andThen(this.storm.injectOpen(atOnceUsers(SESSIONS * CONCURRENCY))
						.andThen(this.idpVerdict.injectOpen(atOnceUsers(1)))))))
			.protocols(Relay.protocol())
			// Judged: the baseline, the storm and the IdP's verdict; the warm-up is reported only.
			.assertions(details(BASELINE_REQUEST).failedRequests().count().is(0L),
					details(STORM_REQUEST).failedRequests().count().is(0L),
					details(IDP_VERDICT).failedRequests().count().is(0L),
					details(STORM_REQUEST).responseTime().percentile(99.0).lt(P99_BOUND_MILLIS));
	}

	@Override
	public void before() {
		this.admin.idpDelay(IDP_DELAY);
		this.admin.accessTokenLifetime(LONG_LIFETIME);
		this.baselineSessions.use(BenchSessions.create(this.admin, SESSIONS));
		this.admin.accessTokenLifetime(WARMUP_LIFETIME);
		this.warmupSessions.use(BenchSessions.create(this.admin, WARMUP_SESSIONS));
	}

	private Session createStormSessions(Session session) {
		this.admin.accessTokenLifetime(SHORT_LIFETIME);
		this.stormSessions.use(BenchSessions.create(this.admin, SESSIONS));
		this.admin.accessTokenLifetime(LONG_LIFETIME);
		return session;
	}

	// Warm-up refreshes and logins made token requests; count only the storm's.
	private Session resetCounters(Session session) {
		this.warmupCounters = this.admin.counters();
		this.admin.reset();
		return session;
	}

	@Override
	public void after() {
		JsonNode counters = this.admin.counters();
		Map<String, String> gateway = GatewayMetrics.sessiongateSamples();
		this.admin.idpDelay(Duration.ZERO);
		int refreshes = counters.get("refreshCount").asInt();
		JsonNode bySid = counters.get("refreshCountsBySid");
		int p99 = this.answers.percentile(99);
		new Figures("RefreshStormSimulation").put("sessions", SESSIONS)
			.put("concurrentRequestsPerSession", CONCURRENCY)
			.put("warmupRequests", this.warmupAnswers.total())
			.put("warmupNon200s", this.warmupAnswers.total() - this.warmupAnswers.withStatus(200))
			.put("warmupStatuses", this.warmupAnswers.statuses())
			.put("warmupIdpRefreshes", this.warmupCounters.get("refreshCount").asInt())
			.put("warmupIdpReuseDetections", this.warmupCounters.get("reuseDetections").asInt())
			.put("warmupIdpRejectedRefreshes", this.warmupCounters.get("rejectedRefreshes").asInt())
			.put("baselineP50Ms", this.baselineAnswers.percentile(50))
			.put("baselineP99Ms", this.baselineAnswers.percentile(99))
			.put("baselineNon200s", this.baselineAnswers.total() - this.baselineAnswers.withStatus(200))
			.put("requests", this.answers.total())
			.put("idpRefreshes", refreshes)
			.put("refreshesPerSession", (double) refreshes / SESSIONS)
			.put("sessionsRefreshed", bySid.size())
			.put("maxRefreshesOfOneSession", max(bySid))
			.put("reuseDetections", counters.get("reuseDetections").asInt())
			.put("tokenRequests", counters.get("tokenRequests").asInt())
			.put("client401s", this.answers.withStatus(401))
			.put("clientNon200s", this.answers.total() - this.answers.withStatus(200))
			.put("statuses", this.answers.statuses())
			.put("upstream401s", counters.get("api401s").asInt())
			.put("idpDelayMs", IDP_DELAY.toMillis())
			.put("p50Ms", this.answers.percentile(50))
			.put("p99Ms", p99)
			.put("maxMs", this.answers.percentile(100))
			.put("p99MinusIdpDelayMs", p99 - IDP_DELAY.toMillis())
			.put("p99MinusIdpDelayMinusBaselineP99Ms",
					p99 - IDP_DELAY.toMillis() - this.baselineAnswers.percentile(99))
			// Since the gateway started: warm-up included, so a cross-check rather than a figure.
			.put("gatewayRefreshMetricsSinceStart", refreshSamples(gateway))
			.publish();
	}

	private static Map<String, String> refreshSamples(Map<String, String> samples) {
		Map<String, String> refresh = new TreeMap<>();
		samples.forEach((name, value) -> {
			if (name.startsWith("sessiongate_refresh") && !name.contains("_bucket")) {
				refresh.put(name, value);
			}
		});
		return refresh;
	}

	private static int max(JsonNode counts) {
		int max = 0;
		for (JsonNode count : counts) {
			max = Math.max(max, count.asInt());
		}
		return max;
	}

}
