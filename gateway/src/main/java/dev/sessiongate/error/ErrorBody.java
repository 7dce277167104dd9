package dev.sessiongate.error;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The body of every error answer: {@code {"error": "<code>", "message": "<text>"}},
 * written by a JSON encoder so no message can break out of its string. A mapper of its
 * own, not the application's: an operator's {@code spring.jackson.*} settings must not
 * change the contract's shape.
 */
public final class ErrorBody {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ErrorBody() {
	}

	public static byte[] of(GatewayErrorException error) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("error", error.error().code());
		body.put("message", error.getMessage());
		return JSON.writeValueAsBytes(body);
	}

}
