package dev.sessiongate.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpHeaders;

import static org.awaitility.Awaitility.await;

/**
 * The fault run behind issue 9's figures ({@code load-tests/faults.sh}): a gateway in a process of its own, a real
 * {@code redis-server} that keeps its data on disk, the sandbox IdP and API, and steady load over many sessions
 * whose access tokens expire every few seconds, while faults happen for real: Redis stopped by its PID and started
 * again, Redis stopped right after the IdP rotated a token, the IdP failing (5xx, HTML, garbage, truncated JSON,
 * slow), the upstream dropping connections. Per scenario it counts requests, answers by status, gateway 500s,
 * sessions lost, reuse detections at the IdP and refreshes per session per expiry, and writes them as Markdown.
 */
public final class FaultRunApplication {

	private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(5);

	// Two seconds: JWT expiry has whole-second precision, so the API may see a token expire up to a second
	// before the gateway does.
	private static final Duration SKEW = Duration.ofSeconds(2);

	private static final Duration OUTAGE = Duration.ofSeconds(4);

	private final int sessionCount = Integer.getInteger("faults.sessions", 50);

	private final int concurrency = Integer.getInteger("faults.concurrency", 16);

	private final Duration window = Duration.ofSeconds(Long.getLong("faults.window-seconds", 20));

	private final LocalRedis redis = LocalRedis.startPersistent();

	private final SandboxIdp idp = SandboxIdp.start(SandboxIdp.Settings.defaults().withAccessTokenLifetime(TOKEN_LIFETIME));

	private final SandboxApi api = SandboxApi.start(this.idp);

	private final Map<String, Object> settings = gatewaySettings();

	private final GatewayProcess gateway = GatewayProcess.start(this.settings);

	private final Burst burst = new Burst(this.gateway.baseUrl());

	private List<Map<String, String>> sessions;

	private String cookieName;

	private FaultRunApplication() {
	}

	public static void main(String[] args) throws IOException {
		Path out = Path.of(args.length > 0 ? args[0] : "target/faults/figures.md");
		FaultRunApplication run = new FaultRunApplication();
		try {
			String figures = run.runAll();
			Files.createDirectories(out.toAbsolutePath().getParent());
			Files.writeString(out, figures);
			System.out.println(figures);
		}
		finally {
			run.close();
		}
		System.exit(0);
	}

	private String runAll() {
		seedSessions();
		List<Map<String, Object>> rows = new ArrayList<>();
		rows.add(scenario("no fault (baseline)", path -> "/api/orders", () -> {
		}));
		rows.add(scenario("Redis restarted mid-load", path -> "/api/orders", this::restartRedisMidWindow));
		rows.add(scenario("Redis down during a refresh", path -> "/api/orders", this::stopRedisAfterARotation));
		rows.add(scenario("IdP 5xx, HTML, garbage, truncated, slow", path -> "/api/orders", this::failTheIdp));
		rows.add(scenario("upstream resets (1 in 10 requests)",
				path -> (ThreadLocalRandom.current().nextInt(10) == 0) ? "/api/reset" : "/api/orders", () -> {
				}));
		return table(rows);
	}

	/** Steady load for one window while {@code fault} happens, then the figures. */
	private Map<String, Object> scenario(String name, Function<String, String> path, Runnable fault) {
		this.idp.resetCounters();
		Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicInteger sent = new AtomicInteger();
		long start = System.nanoTime();
		Disposable load = Flux.range(0, Integer.MAX_VALUE)
			.flatMap(i -> answer(path.apply("/api/orders"), randomSession())
				.doOnSubscribe(subscription -> sent.incrementAndGet())
				.doOnNext(kind -> statuses.computeIfAbsent(kind, key -> new AtomicInteger()).incrementAndGet()),
					this.concurrency)
			.subscribe();
		fault.run();
		await().pollDelay(this.window).atMost(this.window.plusSeconds(120)).until(() -> true);
		load.dispose();
		double seconds = (System.nanoTime() - start) / 1e9;
		int refreshes = this.idp.refreshCount();
		int lost = lostSessions();
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("scenario", name);
		row.put("requests sent", sent.get());
		row.put("answers", new TreeMap<>(statuses));
		row.put("gateway 500s", count(statuses, "500"));
		row.put("sessions lost", lost + " of " + this.sessions.size());
		row.put("reuse detections", this.idp.reuseDetections());
		row.put("refreshes per session per expiry", String.format("%.2f",
				refreshes / (this.sessions.size() * seconds / TOKEN_LIFETIME.minus(SKEW).toSeconds())));
		System.out.println(row);
		return row;
	}

	private void restartRedisMidWindow() {
		await().pollDelay(this.window.dividedBy(4)).until(() -> true);
		this.redis.stop();
		await().pollDelay(OUTAGE).until(() -> true);
		this.redis.restart();
	}

	/** The IdP rotates and holds its answer; Redis goes down before the gateway can store. */
	private void stopRedisAfterARotation() {
		await().pollDelay(this.window.dividedBy(4)).until(() -> true);
		Sinks.Empty<Void> answer = Sinks.empty();
		int before = this.idp.refreshCount();
		this.idp.failNextTokenRequests(1, TokenFailure.answerWhen(answer.asMono()));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.idp.refreshCount() > before);
		this.redis.stop();
		answer.tryEmitEmpty();
		await().pollDelay(OUTAGE).until(() -> true);
		this.redis.restart();
	}

	private void failTheIdp() {
		await().pollDelay(this.window.dividedBy(4)).until(() -> true);
		this.idp.failNextTokenRequests(10, TokenFailure.status(500));
		this.idp.failNextTokenRequests(5, TokenFailure.html(502));
		this.idp.failNextTokenRequests(5, TokenFailure.garbage());
		this.idp.failNextTokenRequests(5, TokenFailure.truncatedJson());
		this.idp.failNextTokenRequests(5, TokenFailure.delay(Duration.ofSeconds(3)));
	}

	/** Sessions that no longer work once the faults are over (each may first wait out a backoff). */
	private int lostSessions() {
		this.idp.clearFailures();
		return (int) Flux.fromIterable(this.sessions)
			.flatMap(session -> request("/api/orders", session)
				.repeatWhenEmpty(attempts -> attempts.take(1))
				.flatMap(status -> (status == 200) ? Mono.just(true)
						: Mono.delay(Duration.ofSeconds(2)).then(request("/api/orders", session)).map(again -> again == 200)),
					8)
			.filter(works -> !works)
			.count()
			.block(Duration.ofMinutes(2))
			.longValue();
	}

	/** The answer's status, with the contract's error code or, for an upstream's own answer, "upstream". */
	private Mono<String> answer(String path, Map<String, String> session) {
		return Burst
			.exchange(this.burst.client().get().uri(path).header(HttpHeaders.COOKIE,
					this.cookieName + "=" + session.get("cookie")))
			.map(answer -> (answer.status() == 200) ? "200" : answer.status() + " " + errorCode(answer))
			.timeout(Duration.ofSeconds(60))
			.onErrorReturn("no answer");
	}

	private static String errorCode(Burst.Answer answer) {
		try {
			Object error = answer.json().get("error");
			return (error != null) ? error.toString() : "upstream";
		}
		catch (RuntimeException ex) {
			return "upstream";
		}
	}

	private Mono<Integer> request(String path, Map<String, String> session) {
		return Burst
			.exchange(this.burst.client().get().uri(path).header(HttpHeaders.COOKIE,
					this.cookieName + "=" + session.get("cookie")))
			.map(Burst.Answer::status)
			.timeout(Duration.ofSeconds(60))
			.onErrorReturn(-1);
	}

	private Map<String, String> randomSession() {
		return this.sessions.get(ThreadLocalRandom.current().nextInt(this.sessions.size()));
	}

	private void seedSessions() {
		Map<String, Object> seeding = new LinkedHashMap<>(this.settings);
		seeding.put("server.port", 0);
		seeding.put("management.server.port", 0);
		seeding.put("logging.level.root", "warn");
		try (SessionSeeder seeder = new SessionSeeder(this.idp, SandboxGateway.start(seeding))) {
			this.sessions = seeder.create(this.sessionCount);
			this.cookieName = seeder.cookieName();
		}
	}

	private Map<String, Object> gatewaySettings() {
		Map<String, Object> properties = SandboxGateway.properties(this.redis.url(), this.idp, this.api.baseUrl());
		properties.put("spring.data.redis.timeout", "1s");
		properties.put("sessiongate.refresh.skew", SKEW.toSeconds() + "s");
		properties.put("sessiongate.refresh.timeout", "5s");
		properties.put("sessiongate.refresh.failure-backoff", "1s");
		properties.put("sessiongate.oidc.response-timeout", "2s");
		properties.put("logging.level.root", "warn");
		// GatewayProcess waits for the "Started" line, which Spring Boot logs at INFO under the main class.
		properties.put("logging.level.dev.sessiongate.SessiongateApplication", "info");
		return properties;
	}

	/** Answers whose status is {@code status}, whatever their error code. */
	private static int count(Map<String, AtomicInteger> statuses, String status) {
		return statuses.entrySet()
			.stream()
			.filter(entry -> entry.getKey().startsWith(status))
			.mapToInt(entry -> entry.getValue().get())
			.sum();
	}

	private String table(List<Map<String, Object>> rows) {
		StringBuilder markdown = new StringBuilder();
		List<String> columns = new ArrayList<>(rows.get(0).keySet());
		markdown.append("| ").append(String.join(" | ", columns)).append(" |\n");
		markdown.append("|").append(" --- |".repeat(columns.size())).append('\n');
		for (Map<String, Object> row : rows) {
			markdown.append("| ");
			for (String column : columns) {
				markdown.append(row.get(column)).append(" | ");
			}
			markdown.append('\n');
		}
		markdown.append("\n").append(this.sessions.size()).append(" sessions, ").append(this.concurrency)
			.append(" requests in flight, ").append(this.window.toSeconds()).append(" s per scenario, access tokens of ")
			.append(TOKEN_LIFETIME.toSeconds()).append(" s refreshed ").append(SKEW.toSeconds())
			.append(" s before expiry (one expiry every ").append(TOKEN_LIFETIME.minus(SKEW).toSeconds())
			.append(" s), Redis outages of ").append(OUTAGE.toSeconds()).append(" s; \"no answer\" = none within 60 s.\n");
		return markdown.toString();
	}

	private void close() {
		this.gateway.close();
		this.api.close();
		this.idp.close();
		this.redis.close();
	}

}
