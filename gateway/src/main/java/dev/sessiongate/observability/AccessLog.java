package dev.sessiongate.observability;

import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * One line per relayed request on the logger {@code sessiongate.access}: route id, method,
 * path without query, status, latency, whether it waited for a refresh or was replayed,
 * and the trace id, as text and as key-value pairs (fields of a structured log line).
 * Never a header, cookie, token or query string. It hooks the server's own
 * {@code http.server.requests} observation, which ends after the error handlers have
 * written their answer, so the status is the one the client got.
 */
final class AccessLog implements ObservationHandler<ServerRequestObservationContext> {

	static final String LOGGER = "sessiongate.access";

	/** Status logged when the client went away before an answer, as nginx logs it. */
	static final int CLIENT_CLOSED = 499;

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	private static final int MAX_PATH_LENGTH = 256;

	private static final Object STARTED_AT = new Object();

	private final boolean enabled;

	AccessLog(AccessLogProperties properties) {
		this.enabled = properties.enabled();
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return this.enabled && context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		context.put(STARTED_AT, System.nanoTime());
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		Route route = (Route) context.getAttributes().get(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Long startedAt = context.get(STARTED_AT);
		if (route == null || startedAt == null || !logger.isInfoEnabled()) {
			return;
		}
		ServerHttpRequest request = context.getCarrier();
		String method = printable(request.getMethod().name(), 16);
		String path = printable(request.getPath().value(), MAX_PATH_LENGTH);
		int status = status(context);
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
		boolean refreshed = context.getAttributes().containsKey(RelayAttributes.REFRESHED);
		boolean replayed = context.getAttributes().containsKey(RelayAttributes.REPLAYED);
		String traceId = traceId(context);
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("route", route.getId())
			.addKeyValue("method", method)
			.addKeyValue("path", path)
			.addKeyValue("status", status)
			.addKeyValue("duration_ms", millis)
			.addKeyValue("refreshed", refreshed)
			.addKeyValue("replayed", replayed)
			.addKeyValue("trace_id", traceId);
		line.log(method + " " + path + " " + status + " " + millis + "ms route=" + route.getId() + " refreshed="
				+ refreshed + " replayed=" + replayed + " trace_id=" + traceId);
	}

	private static int status(ServerRequestObservationContext context) {
		HttpStatusCode status = (context.getResponse() != null) ? context.getResponse().getStatusCode() : null;
		if (context.isConnectionAborted() || status == null) {
			return CLIENT_CLOSED;
		}
		return status.value();
	}

	private static String traceId(Observation.Context context) {
		TracingContext tracing = context.get(TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		return (span != null) ? span.context().traceId() : "-";
	}

	/** The text as sent, cut to {@code max} characters, anything but printable ASCII replaced. */
	private static String printable(String text, int max) {
		StringBuilder kept = new StringBuilder(Math.min(text.length(), max));
		for (int i = 0; i < text.length() && i < max; i++) {
			char c = text.charAt(i);
			kept.append((c > 0x20 && c < 0x7f && c != '"' && c != '\\') ? c : '?');
		}
		return kept.toString();
	}

}
