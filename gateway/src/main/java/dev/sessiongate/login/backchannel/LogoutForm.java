package dev.sessiongate.login.backchannel;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;

import org.springframework.http.MediaType;

/**
 * The form a back-channel logout arrives in ({@code application/x-www-form-urlencoded},
 * one {@code logout_token}). Read by hand and strictly: Spring's form reader answers a
 * stray {@code %} with an exception that would become a 500.
 */
final class LogoutForm {

	static final String FIELD = "logout_token";

	private LogoutForm() {
	}

	/** Refuses anything but the form media type, whatever its parameters. */
	static void checkContentType(String contentType) {
		MediaType type;
		try {
			type = (contentType != null) ? MediaType.parseMediaType(contentType) : null;
		}
		catch (RuntimeException ex) {
			type = null;
		}
		if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)) {
			throw invalid("The body must be application/x-www-form-urlencoded");
		}
	}

	/** The one logout token of a form body; anything else is {@code invalid_request}. */
	static String logoutToken(String body) {
		String token = null;
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			if (!FIELD.equals(name)) {
				continue;
			}
			if (token != null) {
				throw invalid("The form field logout_token is required, once");
			}
			token = decode((equals >= 0) ? pair.substring(equals + 1) : "");
		}
		if (token == null || token.isEmpty()) {
			throw invalid("The form field logout_token is required, once");
		}
		return token;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("The form is not well encoded");
		}
	}

	private static GatewayErrorException invalid(String message) {
		return GatewayError.INVALID_REQUEST.exception(message);
	}

}
