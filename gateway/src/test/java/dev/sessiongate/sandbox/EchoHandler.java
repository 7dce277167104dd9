package dev.sessiongate.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Any method, any path: checks the bearer token, then describes the request back (its W3C {@code traceparent}
 * included) without ever echoing the token.
 * {@code /api/status/{code}} answers that status and {@code /api/slow?ms=N} waits first;
 * {@code /api/late-check?ms=N} waits before it checks the token; {@code /api/gated/**} waits for the
 * {@link ApiGate} before it checks the token; {@code /api/reset} closes the connection without an answer.
 */
final class EchoHandler {

	private static final String STATUS_PATH = "/api/status/";

	private static final String LATE_CHECK_PATH = "/api/late-check";

	private static final String GATED_PATH = "/api/gated";

	private static final String RESET_PATH = "/api/reset";

	private final BearerValidator validator;

	private final ApiRequestLog log;

	private final ApiGate gate;

	EchoHandler(BearerValidator validator, ApiRequestLog log, ApiGate gate) {
		this.validator = validator;
		this.log = log;
		this.gate = gate;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		if (request.uri().startsWith(RESET_PATH)) {
			// An upstream that drops the connection without answering, as a crashing service does.
			return Mono.fromRunnable(() -> request.withConnection(reactor.netty.Connection::dispose));
		}
		// /api/late-check?ms=N looks at the token only after waiting: a token that was fine when
		// the request left the gateway may have been rejected (or replaced) by then.
		Duration beforeCheck = request.uri().startsWith(LATE_CHECK_PATH)
				? delay("/api/slow", SandboxHttp.query(request).get("ms")) : Duration.ZERO;
		Mono<Void> gated = request.uri().startsWith(GATED_PATH) ? this.gate.pass() : Mono.empty();
		return Mono.delay(beforeCheck).then(gated).then(Mono.defer(() -> {
			BearerCheck check = this.validator.check(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
			return BodyDigest.of(request.receive()).flatMap(body -> answer(request, response, check, body));
		}));
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response, BearerCheck check,
			BodyDigest body) {
		String uri = request.uri();
		int queryStart = uri.indexOf('?');
		String path = (queryStart < 0) ? uri : uri.substring(0, queryStart);
		String query = (queryStart < 0) ? null : uri.substring(queryStart + 1);
		String method = request.method().name();
		String hash = body.hex();
		if (check instanceof BearerCheck.Invalid) {
			this.log.record(new ApiRequest(method, path, hash, body.length(), check.jti(), 401));
			response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			// As resource servers often do; the gateway must not lose its own Vary when it drops this 401.
			response.header(HttpHeaderNames.VARY, "Authorization");
			return SandboxHttp.json(response, 401, Map.of("error", "invalid_token"));
		}
		int status = status(path);
		Map<String, @Nullable Object> echo = new LinkedHashMap<>();
		echo.put("method", method);
		echo.put("path", path);
		echo.put("query", query);
		echo.put("body_sha256", hash);
		echo.put("body_length", body.length());
		echo.put("sub", ((BearerCheck.Valid) check).claims().getSubject());
		echo.put("jti", check.jti());
		echo.put("cookie", request.requestHeaders().get(HttpHeaderNames.COOKIE));
		echo.put("traceparent", request.requestHeaders().get("traceparent"));
		echo.put("authorization_scheme", "Bearer");
		this.log.record(new ApiRequest(method, path, hash, body.length(), check.jti(), status));
		return Mono.delay(delay(path, SandboxHttp.query(request).get("ms")))
			.then(Mono.defer(() -> send(request, response, status, echo)));
	}

	private static Mono<Void> send(HttpServerRequest request, HttpServerResponse response, int status,
			Map<String, @Nullable Object> echo) {
		boolean bodyless = status == 204 || status == 304 || status < 200 || request.method() == HttpMethod.HEAD;
		return bodyless ? response.status(status).send() : SandboxHttp.json(response, status, echo);
	}

	private static int status(String path) {
		if (!path.startsWith(STATUS_PATH)) {
			return 200;
		}
		try {
			int status = Integer.parseInt(path.substring(STATUS_PATH.length()));
			return (status >= 200 && status <= 599) ? status : 400;
		}
		catch (NumberFormatException ex) {
			return 400;
		}
	}

	private static Duration delay(String path, @Nullable String millis) {
		if (!"/api/slow".equals(path) || millis == null) {
			return Duration.ZERO;
		}
		try {
			return Duration.ofMillis(Math.max(0, Long.parseLong(millis)));
		}
		catch (NumberFormatException ex) {
			return Duration.ZERO;
		}
	}

}
