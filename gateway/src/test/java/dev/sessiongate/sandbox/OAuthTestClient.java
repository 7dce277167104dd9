package dev.sessiongate.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * What the sandbox tests send: the blocking JDK client on the test thread, never on an event loop.
 */
final class OAuthTestClient {

	static final String REDIRECT_URI = "com.example.app:/oauth2redirect";

	private final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final SandboxIdp idp;

	OAuthTestClient(SandboxIdp idp) {
		this.idp = idp;
	}

	HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	/**
	 * Posts a form to an IdP endpoint, authenticated as the configured client the way the IdP expects.
	 */
	HttpResponse<String> post(String path, Map<String, String> form) {
		Map<String, String> body = new LinkedHashMap<>(form);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.idp.issuer() + path))
			.header("Content-Type", "application/x-www-form-urlencoded");
		if (ClientAuthentication.POST.equals(this.idp.settings().clientAuthMethod())) {
			body.put("client_id", this.idp.clientId());
			body.put("client_secret", this.idp.clientSecret());
		}
		else {
			request.header("Authorization", basic(this.idp.clientId(), this.idp.clientSecret()));
		}
		return send(request.POST(HttpRequest.BodyPublishers.ofString(encode(body))));
	}

	HttpResponse<String> refresh(String refreshToken) {
		return post("/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
	}

	/**
	 * Authorizes with PKCE and answers the code from the redirect.
	 */
	String authorize(String verifier, String nonce) {
		Map<String, String> query = Map.of("response_type", "code", "client_id", this.idp.clientId(), "redirect_uri",
				REDIRECT_URI, "scope", "openid profile", "state", "st-1", "nonce", nonce, "code_challenge",
				AuthorizationCodeGrant.challenge(verifier), "code_challenge_method", "S256");
		HttpResponse<String> response = get(this.idp.issuer() + "/authorize?" + encode(query));
		String location = response.headers().firstValue("Location").orElseThrow();
		return new QueryStringDecoder(URI.create(location)).parameters().get("code").get(0);
	}

	HttpResponse<String> exchange(String code, String verifier) {
		return post("/token", Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI,
				"code_verifier", verifier));
	}

	/**
	 * A complete login: authorize, then exchange the code; answers the token response.
	 */
	Map<String, Object> login() {
		String verifier = "verifier-" + SandboxHttp.randomId() + SandboxHttp.randomId();
		return json(exchange(authorize(verifier, "n-1"), verifier));
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> json(HttpResponse<String> response) {
		return SandboxHttp.JSON.readValue(response.body(), Map.class);
	}

	static String basic(String user, String password) {
		String credentials = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(password, StandardCharsets.UTF_8);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
