package dev.sessiongate.login;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads a small JSON object from a request, up to a byte limit. Anything else (too big,
 * not JSON, not an object) is the client's mistake: {@code 400 invalid_request}.
 */
final class JsonBody {

	private JsonBody() {
	}

	/** The body's fields; an empty map when the body is empty. */
	static Mono<Map<String, Object>> read(ServerRequest request, long maxBytes) {
		long declared = request.headers().contentLength().orElse(-1);
		if (declared > maxBytes) {
			return Mono.error(tooLarge());
		}
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), (int) maxBytes)
			.map(JsonBody::text)
			.onErrorMap(DataBufferLimitException.class, ex -> tooLarge())
			.map(JsonBody::parse)
			.defaultIfEmpty(Map.of());
	}

	/** A string field, or null when absent; a field of another type is a bad request. */
	static String string(Map<String, Object> body, String name) {
		Object value = body.get(name);
		if (value != null && !(value instanceof String)) {
			throw LoginCompleter.invalid("The field " + name + " must be a string");
		}
		return (String) value;
	}

	private static String text(DataBuffer buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
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

	private static RuntimeException tooLarge() {
		return LoginCompleter.invalid("The body is too large");
	}

}
