package dev.sessiongate.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sandbox's admin API (BenchSandboxApplication in the gateway's test code), used before and after the load, and
 * by probes between phases; never on a measured request's path.
 */
final class SandboxAdminClient {

	static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	SandboxAdminClient(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	void accessTokenLifetime(Duration lifetime) {
		post("/idp/access-token-lifetime?seconds=" + lifetime.toSeconds());
	}

	void idpDelay(Duration delay) {
		post("/idp/delay?millis=" + delay.toMillis());
	}

	/** Zeroes the IdP counters and drops the API's request log. */
	void reset() {
		post("/reset");
	}

	/** {@code refreshCount}, {@code tokenRequests}, {@code reuseDetections}, {@code refreshCountsBySid}, ... */
	JsonNode counters() {
		return get("/counters");
	}

	/** {@code commandCalls} (INFO commandstats) and {@code sessionMemory} (MEMORY USAGE of sg:*:s). */
	JsonNode redis() {
		return get("/redis");
	}

	/** {@code count} sessions seeded straight into Redis: {@code {"cookieName":..,"sessions":[{"cookie","sid"}]}}. */
	JsonNode seedSessions(int count) {
		return post("/sessions?count=" + count);
	}

	private JsonNode get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET());
	}

	private JsonNode post(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private JsonNode send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(120)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("sandbox admin answered " + response.statusCode() + ": "
						+ response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("sandbox admin at " + this.baseUrl + " unreachable", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
