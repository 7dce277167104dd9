package dev.sessiongate.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's own view, from {@code /actuator/prometheus}: the {@code sessiongate_*} samples (CONTRACT section
 * 7), to tell the time a refresh took inside the gateway from the time its callers waited.
 */
final class GatewayMetrics {

	private GatewayMetrics() {
	}

	/** Every {@code sessiongate_} sample, name with labels to value; empty when the endpoint cannot be read. */
	static Map<String, String> sessiongateSamples() {
		Map<String, String> samples = new TreeMap<>();
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(BenchSettings.managementUrl() + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			response.body()
				.lines()
				.filter(line -> line.startsWith("sessiongate_"))
				.forEach(line -> samples.put(line.substring(0, line.lastIndexOf(' ')),
						line.substring(line.lastIndexOf(' ') + 1)));
		}
		catch (IOException ex) {
			samples.put("unreadable", ex.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return samples;
	}

}
