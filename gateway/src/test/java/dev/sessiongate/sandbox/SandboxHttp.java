package dev.sessiongate.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request parsing and JSON answers shared by the sandbox endpoints.
 */
final class SandboxHttp {

	static final JsonMapper JSON = JsonMapper.builder().build();

	// DRBG reads the OS entropy source only when seeding, not on every call from an event loop (as NativePRNG does).
	private static final SecureRandom RANDOM = drbg();

	private SandboxHttp() {
	}

	static Map<String, String> query(HttpServerRequest request) {
		return firstValues(new QueryStringDecoder(request.uri()).parameters());
	}

	static Mono<Map<String, String>> form(HttpServerRequest request) {
		return request.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.map(body -> firstValues(new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters()));
	}

	static Mono<Void> send(HttpServerResponse response, OAuthResponse answer) {
		answer.headers().forEach(response::header);
		return json(response, answer.status(), answer.body());
	}

	static Mono<Void> json(HttpServerResponse response, int status, Map<String, ?> body) {
		return response.status(status)
			.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.header(HttpHeaderNames.CACHE_CONTROL, "no-store")
			.sendString(Mono.just(JSON.writeValueAsString(body)))
			.then();
	}

	static String randomId() {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static Map<String, String> firstValues(Map<String, List<String>> parameters) {
		Map<String, String> first = new LinkedHashMap<>();
		parameters.forEach((name, values) -> first.put(name, values.get(0)));
		return first;
	}

	private static SecureRandom drbg() {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			return new SecureRandom();
		}
	}

}
