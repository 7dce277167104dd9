package dev.sessiongate.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The load generator's handle on the sandbox, under {@code /sandbox/admin}: IdP behaviour (token lifetime, a standing
 * delay), what the IdP and API saw, Redis facts, and seeded sessions. Plain HTTP and JSON so any load tool can use it.
 */
final class SandboxAdmin implements AutoCloseable {

	private static final String BASE = "/sandbox/admin";

	private final SandboxIdp idp;

	private final SandboxApi api;

	private final RedisFacts redis;

	private final String redisUrl;

	private final @Nullable SessionSeeder seeder;

	private final SandboxServer server;

	SandboxAdmin(int port, SandboxIdp idp, SandboxApi api, String redisUrl, @Nullable SessionSeeder seeder) {
		this.idp = idp;
		this.api = api;
		this.redisUrl = redisUrl;
		this.redis = new RedisFacts(redisUrl);
		this.seeder = seeder;
		this.server = SandboxServer.bind("sandbox-admin", port).serve(routes());
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + BASE;
	}

	private HttpServerRoutes routes() {
		return HttpServerRoutes.newRoutes()
			.get(BASE + "/health", (request, response) -> response.sendString(Mono.just("ok")))
			.get(BASE + "/redis-url", (request, response) -> response.sendString(Mono.just(this.redisUrl)))
			.post(BASE + "/idp/access-token-lifetime", this::accessTokenLifetime)
			.post(BASE + "/idp/delay", this::delay)
			.post(BASE + "/idp/keycloak-sized", this::keycloakSized)
			.get(BASE + "/counters", (request, response) -> SandboxHttp.json(response, 200, counters()))
			.post(BASE + "/reset", this::reset)
			.get(BASE + "/redis", (request, response) -> blocking(response, this::redisFacts))
			.post(BASE + "/sessions", this::sessions);
	}

	/** {@code ?seconds=N}: lifetime of access tokens issued from now on (login, seeding, refresh). */
	private Mono<Void> accessTokenLifetime(HttpServerRequest request, HttpServerResponse response) {
		long seconds = Long.parseLong(SandboxHttp.query(request).getOrDefault("seconds", "300"));
		this.idp.accessTokenLifetime(Duration.ofSeconds(seconds));
		return SandboxHttp.json(response, 200, Map.of("accessTokenLifetimeSeconds", seconds));
	}

	/** {@code ?millis=N}: every token request waits this long first, so its cost is known; 0 clears it. */
	private Mono<Void> delay(HttpServerRequest request, HttpServerResponse response) {
		long millis = Long.parseLong(SandboxHttp.query(request).getOrDefault("millis", "0"));
		this.idp.delayAllTokenRequests(Duration.ofMillis(millis));
		return SandboxHttp.json(response, 200, Map.of("tokenDelayMillis", millis));
	}

	/** {@code ?on=true}: tokens issued from now on are Keycloak-sized ({@link KeycloakSizes}); false: the small ones. */
	private Mono<Void> keycloakSized(HttpServerRequest request, HttpServerResponse response) {
		boolean on = Boolean.parseBoolean(SandboxHttp.query(request).getOrDefault("on", "true"));
		this.idp.keycloakSizedTokens(on);
		return SandboxHttp.json(response, 200, Map.of("keycloakSizedTokens", on));
	}

	private Map<String, Object> counters() {
		Map<String, Object> counters = new LinkedHashMap<>();
		counters.put("refreshCount", this.idp.refreshCount());
		counters.put("tokenRequests", this.idp.tokenRequests());
		counters.put("reuseDetections", this.idp.reuseDetections());
		counters.put("rejectedRefreshes", this.idp.rejectedRefreshCount());
		counters.put("api401s", this.api.count401());
		counters.put("refreshCountsBySid", this.idp.refreshCountsBySid());
		return counters;
	}

	/** Zeroes the IdP counters and drops the API's request log, which otherwise grows with every relayed call. */
	private Mono<Void> reset(HttpServerRequest request, HttpServerResponse response) {
		this.idp.resetCounters();
		this.api.clearRequests();
		return SandboxHttp.json(response, 200, counters());
	}

	private Map<String, Object> redisFacts() {
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("commandCalls", this.redis.commandCalls());
		facts.put("sessionMemory", this.redis.sessionMemory().toMap());
		return facts;
	}

	/** {@code ?count=N}: N new sessions, answered as {@code {"cookieName":..,"sessions":[{"cookie","sid"}]}}. */
	private Mono<Void> sessions(HttpServerRequest request, HttpServerResponse response) {
		if (this.seeder == null) {
			return SandboxHttp.json(response, 404, Map.of("error", "seeding is off: log in through the gateway"));
		}
		int count = Integer.parseInt(SandboxHttp.query(request).getOrDefault("count", "1"));
		SessionSeeder seeder = this.seeder;
		return blocking(response, () -> seeder.toJson(seeder.create(count)));
	}

	// Redis facts and seeding block: off the event loop, so the health check still answers during a long seeding.
	private static Mono<Void> blocking(HttpServerResponse response, Callable<Map<String, Object>> work) {
		return Mono.fromCallable(work)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(body -> SandboxHttp.json(response, 200, body));
	}

	@Override
	public void close() {
		this.server.close();
		this.redis.close();
		if (this.seeder != null) {
			this.seeder.close();
		}
	}

}
