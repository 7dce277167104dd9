package dev.sessiongate.login;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads a small JSON object from a request, up to a byte limit. Too big is
 * {@code 413 request_too_large}; anything else that is not a JSON object is the client's
 * mistake: {@code 400 invalid_request}.
 */
final class JsonBody {

	private JsonBody() {
	}

	/** The body's fields; an empty map when the body is empty. */
	static Mono<Map<String, Object>> read(ServerRequest request, long maxBytes) {
		return BoundedBody.text(request, maxBytes).map(JsonBody::parse).defaultIfEmpty(Map.of());
	}

	/** A string field, or null when absent; a field of another type is a bad request. */
	static String string(Map<String, Object> body, String name) {
		Object value = body.get(name);
		if (value != null && !(value instanceof String)) {
			throw LoginCompleter.invalid("The field " + name + " must be a string");
		}
		return (String) value;
	}

	private static Map<String, Object> parse(String text) {
		if (text.isBlank()) {
			return Map.of();
		}
		try {
			return JSONObjectUtils.parse(text);
		}
		catch (ParseException | RuntimeException ex) {
			throw LoginCompleter.invalid("The body is not a JSON object");
		}
	}

}
