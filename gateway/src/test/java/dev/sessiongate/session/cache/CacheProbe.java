package dev.sessiongate.session.cache;

import java.time.Duration;

import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.SandboxGateway;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpHeaders;

/** What the near-cache suites ask of a gateway instance: a relayed GET, and its cache hits so far. */
final class CacheProbe {

	private CacheProbe() {
	}

	static double hits(SandboxGateway instance) {
		return instance.bean(MeterRegistry.class)
			.counter(GatewayMeters.SESSION_CACHE_REQUESTS, GatewayMeters.RESULT, "hit")
			.count();
	}

	static Answer get(Burst client, String cookieHeader) {
		return Burst.exchange(client.client().get().uri("/api/orders").header(HttpHeaders.COOKIE, cookieHeader))
			.block(Duration.ofSeconds(30));
	}

}
