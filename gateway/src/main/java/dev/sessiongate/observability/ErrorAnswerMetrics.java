package dev.sessiongate.observability;

import java.util.EnumMap;
import java.util.Map;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * {@code sessiongate_errors_total{code}}: every error answer of the contract, counted by
 * its code just before the error handler writes it. Counters exist from start-up, so a
 * dashboard shows zeros rather than no data. Passes every failure on untouched.
 */
final class ErrorAnswerMetrics implements WebExceptionHandler {

	private final Map<GatewayError, Counter> counters = new EnumMap<>(GatewayError.class);

	ErrorAnswerMetrics(MeterRegistry meters) {
		for (GatewayError error : GatewayError.values()) {
			this.counters.put(error, Counter.builder(GatewayMeters.ERRORS)
				.description("Error answers of the contract, by code")
				.tag(GatewayMeters.CODE, error.code())
				.register(meters));
		}
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		if (failure instanceof GatewayErrorException error) {
			this.counters.get(error.error()).increment();
		}
		return Mono.error(failure);
	}

}
