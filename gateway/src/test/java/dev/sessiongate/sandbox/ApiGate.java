package dev.sessiongate.sandbox;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Holds requests to {@code /api/gated/**} before their token is checked, until a test opens the gate: the
 * request is on its way with the token it carried, and the test decides when the API looks at it. Open by
 * default.
 */
final class ApiGate {

	private final AtomicReference<Sinks.Empty<Void>> gate = new AtomicReference<>(opened());

	private final AtomicInteger arrivals = new AtomicInteger();

	Mono<Void> pass() {
		this.arrivals.incrementAndGet();
		return this.gate.get().asMono();
	}

	void close() {
		this.gate.set(Sinks.empty());
	}

	void open() {
		this.gate.get().tryEmitEmpty();
	}

	int arrivals() {
		return this.arrivals.get();
	}

	private static Sinks.Empty<Void> opened() {
		Sinks.Empty<Void> open = Sinks.empty();
		open.tryEmitEmpty();
		return open;
	}

}
