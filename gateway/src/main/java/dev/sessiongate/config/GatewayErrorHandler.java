package dev.sessiongate.config;

import java.nio.charset.StandardCharsets;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.session.SessionCookie;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Writes the contract's JSON error answers (section 6) for every feature, in one place.
 * Runs before Spring Boot's default handler, which keeps everything else.
 */
@Component
@Order(-2)
class GatewayErrorHandler implements WebExceptionHandler {

	/** Seconds a client should wait before retrying after an outage answer. */
	static final String RETRY_AFTER_SECONDS = "5";

	private final SessionCookie cookie;

	GatewayErrorHandler(SessionCookie cookie) {
		this.cookie = cookie;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		ServerHttpResponse response = exchange.getResponse();
		if (!(failure instanceof GatewayErrorException error) || response.isCommitted()) {
			return Mono.error(failure);
		}
		GatewayError code = error.error();
		response.setStatusCode(code.status());
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setCacheControl("no-store");
		if (code.status().value() == 503) {
			headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		if (code.clearsCookie()) {
			response.addCookie(this.cookie.cleared());
		}
		byte[] body = ("{\"error\":\"" + code.code() + "\",\"message\":\"" + escape(error.getMessage()) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

	private static String escape(String message) {
		return message.replace("\\", "\\\\").replace("\"", "\\\"");
	}

}
