package dev.sessiongate.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Plain HTTP to Keycloak from the test thread (never an event loop): requests that follow
 * no redirect, form bodies, Basic credentials and JSON answers.
 */
final class KeycloakHttp {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private KeycloakHttp() {
	}

	static HttpRequest.Builder request(String url) {
		return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
	}

	static HttpRequest.Builder postForm(String url, Map<String, String> form) {
		return request(url).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(form)));
	}

	static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
	}

	/** RFC 6749 2.3.1: id and secret are form-encoded, then Basic-encoded. */
	static String basic(String clientId, String secret) {
		String pair = encode(clientId) + ":" + encode(secret);
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	static Answer send(HttpRequest request) {
		try {
			HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri().getPath() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** One answer. Its text is never logged by these helpers: it may hold tokens. */
	record Answer(int status, String body, HttpHeaders headers) {

		Map<String, Object> json() {
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new IllegalStateException("not a JSON object (status " + this.status + ")", ex);
			}
		}

		List<Object> jsonArray() {
			try {
				return JSONArrayUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new IllegalStateException("not a JSON array (status " + this.status + ")", ex);
			}
		}

		String location() {
			return this.headers.firstValue("Location")
				.orElseThrow(() -> new IllegalStateException("no Location in a " + this.status));
		}

		Answer expect(int expected) {
			if (this.status != expected) {
				throw new IllegalStateException("expected " + expected + ", got " + this.status + ": " + error());
			}
			return this;
		}

		/** The OAuth error code, never the rest of the body. */
		String error() {
			try {
				Object error = JSONObjectUtils.parse(this.body).get("error");
				return (error != null) ? error.toString() : "no error code";
			}
			catch (ParseException ex) {
				return "no JSON body";
			}
		}

		@Override
		public String toString() {
			return "Answer[status=" + this.status + "]";
		}

	}

}
