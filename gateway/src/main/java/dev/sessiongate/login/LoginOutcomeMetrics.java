package dev.sessiongate.login;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.observability.GatewayMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * {@code sessiongate_logins_total{outcome}}: how the requests that finish a login ended,
 * {@code GET /auth/callback} and {@code POST /auth/login/end} (see {@link LoginRoutes}):
 * {@code success}, {@code invalid_request} (the client's or the user's doing),
 * {@code idp_error}, {@code session_store_error}, or {@code error}. A filter, so it sees the
 * contract's error before the error handler turns it into an answer.
 */
@Component
class LoginOutcomeMetrics implements WebFilter {

	private static final List<String> OUTCOMES = List.of("success", "invalid_request", "idp_error",
			"session_store_error", "error");

	private final Map<String, Counter> counters;

	LoginOutcomeMetrics(MeterRegistry meters) {
		this.counters = OUTCOMES.stream()
			.collect(Collectors.toMap(Function.identity(), outcome -> Counter.builder(GatewayMeters.LOGINS)
				.description("Requests that finish a login, by how they ended")
				.tag(GatewayMeters.OUTCOME, outcome)
				.register(meters)));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!finishesLogin(exchange.getRequest())) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange)
			.doOnSuccess(done -> count(answered(exchange.getResponse().getStatusCode())))
			.doOnError(failure -> count(failed(failure)));
	}

	private static boolean finishesLogin(ServerHttpRequest request) {
		String path = request.getPath().value();
		return (HttpMethod.GET.equals(request.getMethod()) && path.equals("/auth/callback"))
				|| (HttpMethod.POST.equals(request.getMethod()) && path.equals("/auth/login/end"));
	}

	private static String answered(HttpStatusCode status) {
		if (status == null || status.is2xxSuccessful() || status.is3xxRedirection()) {
			return "success";
		}
		return status.is4xxClientError() ? "invalid_request" : "error";
	}

	private static String failed(Throwable failure) {
		if (!(failure instanceof GatewayErrorException answer)) {
			return "error";
		}
		GatewayError error = answer.error();
		if (error == GatewayError.IDENTITY_PROVIDER_UNAVAILABLE) {
			return "idp_error";
		}
		if (error == GatewayError.SESSION_STORE_UNAVAILABLE) {
			return "session_store_error";
		}
		return error.status().is4xxClientError() ? "invalid_request" : "error";
	}

	private void count(String outcome) {
		this.counters.get(outcome).increment();
	}

}
