package dev.sessiongate.config;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;

import dev.sessiongate.error.ErrorBody;
import dev.sessiongate.error.FrameworkErrors;
import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.session.SessionCookie;
import io.netty.channel.ConnectTimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Writes every error answer of the public port as the contract's JSON (section 6): the
 * features' own errors, and the statuses the framework chooses (no route, wrong method,
 * a body over a codec limit, an unreachable upstream). Runs before Spring Boot's default
 * handler, which therefore never answers. Anything else is a defect: 500
 * {@code internal_error}, logged without its message, which may quote the request.
 */
@Component
@Order(-2)
class GatewayErrorHandler implements WebExceptionHandler {

	private static final Log logger = LogFactory.getLog(GatewayErrorHandler.class);

	/** Seconds a client should wait before retrying after an outage answer. */
	static final String RETRY_AFTER_SECONDS = "5";

	/** Response headers an error answer keeps: the ones CORS filters set for the client. */
	private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.VARY, "Access-Control-");

	private final SessionCookie cookie;

	GatewayErrorHandler(SessionCookie cookie) {
		this.cookie = cookie;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(failure);
		}
		GatewayErrorException error = contractError(failure);
		GatewayError code = error.error();
		response.setStatusCode(code.status());
		HttpHeaders headers = response.getHeaders();
		// An upstream's headers may already be copied (length, encoding): they describe another body.
		List.copyOf(headers.headerNames()).stream().filter(name -> !kept(name)).forEach(headers::remove);
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setCacheControl("no-store");
		if (code.status().value() == 503) {
			headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		if (code.clearsCookie()) {
			response.addCookie(this.cookie.cleared());
		}
		byte[] body = ErrorBody.of(error);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

	private static boolean kept(String header) {
		return KEPT_HEADERS.stream().anyMatch(prefix -> header.regionMatches(true, 0, prefix, 0, prefix.length()));
	}

	private static GatewayErrorException contractError(Throwable failure) {
		if (failure instanceof GatewayErrorException error) {
			return error;
		}
		if (failure instanceof ResponseStatusException status) {
			return FrameworkErrors.forStatus(status.getStatusCode().value());
		}
		if (failure instanceof DataBufferLimitException) {
			return FrameworkErrors.tooLarge();
		}
		if (isUnreachable(failure)) {
			return GatewayError.BAD_GATEWAY.exception("The upstream could not be reached");
		}
		logDefect(failure);
		return FrameworkErrors.forStatus(500);
	}

	/** A route without the relay filter whose upstream is down or hung up. */
	private static boolean isUnreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
					|| cause instanceof UnknownHostException || cause instanceof PrematureCloseException) {
				return true;
			}
		}
		return false;
	}

	// The stack trace finds the defect; the message is left out, since it may quote what a client sent.
	private static void logDefect(Throwable failure) {
		Throwable trace = new Throwable("Unhandled " + failure.getClass().getName());
		trace.setStackTrace(failure.getStackTrace());
		logger.error("Request failed with an unexpected exception; answered 500 internal_error", trace);
	}

}
