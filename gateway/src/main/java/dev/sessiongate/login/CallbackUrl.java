package dev.sessiongate.login;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the URL the IdP redirected an app to ({@code com.example.app:/cb?code=..&state=..})
 * into {@link CallbackParameters}. Done by hand, since custom-scheme URLs are not all
 * {@link java.net.URI}s; a repeated parameter makes the URL invalid.
 */
final class CallbackUrl {

	private static final int MAX_LENGTH = 8192;

	private CallbackUrl() {
	}

	static CallbackParameters parse(String url) {
		if (url == null || url.isEmpty() || url.length() > MAX_LENGTH) {
			throw LoginCompleter.invalid("callback_url is required: the URL the identity provider redirected to");
		}
		int fragment = url.indexOf('#');
		String withoutFragment = (fragment >= 0) ? url.substring(0, fragment) : url;
		int query = withoutFragment.indexOf('?');
		if (query < 0) {
			throw LoginCompleter.invalid("callback_url has no query");
		}
		return CallbackParameters.of(withoutFragment.substring(0, query),
				parameters(withoutFragment.substring(query + 1)));
	}

	private static Map<String, String> parameters(String query) {
		Map<String, String> parameters = new HashMap<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = decode((equals >= 0) ? pair.substring(equals + 1) : "");
			if (parameters.putIfAbsent(name, value) != null) {
				throw LoginCompleter.invalid("callback_url repeats a parameter");
			}
		}
		return parameters;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw LoginCompleter.invalid("callback_url is not well encoded");
		}
	}

}
