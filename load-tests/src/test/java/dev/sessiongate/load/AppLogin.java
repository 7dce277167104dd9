package dev.sessiongate.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The app login of CONTRACT section 4, done the way a mobile app does it: {@code POST /auth/login/start}, the
 * sandbox IdP's authorization URL (it signs in without a UI and redirects to the app's custom scheme, which we read
 * instead of following), then {@code POST /auth/login/end} with that URL. Sequential: logins are set-up, not load.
 */
final class AppLogin {

	private static final String SESSION_COOKIE = "SG_SESSION";

	private final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String gatewayUrl;

	AppLogin(String gatewayUrl) {
		this.gatewayUrl = gatewayUrl;
	}

	List<String> signIn(int count) {
		List<String> cookies = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			cookies.add(signIn());
		}
		return cookies;
	}

	private String signIn() {
		HttpResponse<String> start = send(json("/auth/login/start", "", Map.of()));
		String loginCookies = cookies(start);
		String authorizationUrl = field(start, "authorization_url");
		HttpResponse<String> authorize = send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build());
		String callback = authorize.headers()
			.firstValue("Location")
			.orElseThrow(() -> new IllegalStateException("the IdP did not redirect: " + authorize.statusCode()));
		HttpResponse<String> end = send(json("/auth/login/end", loginCookies, Map.of("callback_url", callback)));
		return end.headers()
			.allValues("Set-Cookie")
			.stream()
			.map(AppLogin::nameValue)
			.filter(cookie -> cookie.startsWith(SESSION_COOKIE + "=") && cookie.length() > SESSION_COOKIE.length() + 1)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("login/end set no " + SESSION_COOKIE + ": " + end.body()));
	}

	// X-CSRF: 1 satisfies csrf.header-required, which the login endpoints share with the relay.
	private HttpRequest json(String path, String cookies, Map<String, String> body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.gatewayUrl + path))
			.header("Content-Type", "application/json")
			.header("X-CSRF", "1")
			.POST(HttpRequest.BodyPublishers.ofString(write(body)));
		if (!cookies.isEmpty()) {
			request.header("Cookie", cookies);
		}
		return request.build();
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 400) {
				throw new IllegalStateException(request.uri().getPath() + " answered " + response.statusCode() + ": "
						+ response.body());
			}
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String cookies(HttpResponse<?> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.map(AppLogin::nameValue)
			.collect(Collectors.joining("; "));
	}

	private static String nameValue(String setCookie) {
		int end = setCookie.indexOf(';');
		return (end < 0) ? setCookie : setCookie.substring(0, end);
	}

	private static String field(HttpResponse<String> response, String name) {
		try {
			return SandboxAdminClient.JSON.readTree(response.body()).get(name).asText();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("not JSON: " + response.body(), ex);
		}
	}

	private static String write(Map<String, String> body) {
		try {
			return SandboxAdminClient.JSON.writeValueAsString(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
