package dev.sessiongate.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SandboxApiTests {

	private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	private static SandboxIdp idp;

	private static SandboxApi api;

	private static OAuthTestClient client;

	@BeforeAll
	static void start() {
		idp = SandboxIdp.start(SandboxIdp.Settings.defaults());
		api = SandboxApi.start(idp);
		client = new OAuthTestClient(idp);
	}

	@AfterAll
	static void stop() {
		api.close();
		idp.close();
	}

	@BeforeEach
	void reset() {
		api.clearRequests();
		idp.accessTokenLifetime(Duration.ofSeconds(300));
	}

	@Test
	void requestWhenTokenFreshThenEchoesRequestButNotToken() throws Exception {
		SandboxTokens tokens = idp.issueTokens("alice");

		HttpResponse<String> response = client.send(request("/api/me?x=1&y=2", tokens.accessToken())
			.header("Cookie", "theme=dark")
			.GET());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain(tokens.accessToken());
		String jti = SignedJWT.parse(tokens.accessToken()).getJWTClaimsSet().getJWTID();
		assertThat(OAuthTestClient.json(response)).containsEntry("method", "GET")
			.containsEntry("path", "/api/me")
			.containsEntry("query", "x=1&y=2")
			.containsEntry("body_sha256", EMPTY_SHA256)
			.containsEntry("body_length", 0)
			.containsEntry("sub", "alice")
			.containsEntry("jti", jti)
			.containsEntry("cookie", "theme=dark")
			.containsEntry("authorization_scheme", "Bearer");
		assertThat(api.requests()).containsExactly(new ApiRequest("GET", "/api/me", EMPTY_SHA256, 0, jti, 200));
	}

	@Test
	void requestWhenLargeBodyThenEchoesItsSha256AndLength() throws Exception {
		byte[] body = new byte[5 * 1024 * 1024 + 7];
		ThreadLocalRandom.current().nextBytes(body);

		HttpResponse<String> response = client.send(request("/api/upload", idp.issueTokens("alice").accessToken())
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body)));

		assertThat(OAuthTestClient.json(response)).containsEntry("method", "PUT")
			.containsEntry("body_length", body.length)
			.containsEntry("body_sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)))
			.containsEntry("cookie", null);
	}

	@Test
	void requestWhenTokenBornExpiredThenUnauthorizedWithChallenge() {
		idp.accessTokenLifetime(Duration.ZERO);
		String expired = idp.issueTokens("alice").accessToken();

		assertUnauthorized(client.send(request("/api/me", expired).GET()));
		assertThat(api.count401()).isEqualTo(1);
	}

	@Test
	void requestWhenTokenRejectedByUpstreamThenUnauthorized() throws Exception {
		String token = idp.issueTokens("alice").accessToken();
		String jti = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
		assertThat(client.send(request("/api/me", token).GET()).statusCode()).isEqualTo(200);

		api.rejectToken(jti);

		assertUnauthorized(client.send(request("/api/me", token).GET()));
		assertThat(api.requests()).extracting(ApiRequest::jti, ApiRequest::status)
			.containsExactly(tuple(jti, 200), tuple(jti, 401));
	}

	@Test
	void requestWhenTokensIssuedBeforeCutoffThenUnauthorized() {
		String token = idp.issueTokens("alice").accessToken();

		api.rejectAllTokensIssuedBefore(Instant.now().plusSeconds(5));
		HttpResponse<String> refused = client.send(request("/api/me", token).GET());
		api.rejectAllTokensIssuedBefore(Instant.MIN);

		assertUnauthorized(refused);
		assertThat(client.send(request("/api/me", token).GET()).statusCode()).isEqualTo(200);
	}

	@Test
	void requestWhenTokenMissingOrForgedThenUnauthorized() {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(idp.issuer())
			.subject("alice")
			.jwtID("forged")
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(60)))
			.build();

		assertUnauthorized(client.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/me")).GET()));
		assertUnauthorized(client.send(request("/api/me", idp.signUnknownKey(claims)).GET()));
		assertUnauthorized(client.send(request("/api/me", "not-a-jwt").GET()));
		assertThat(api.requests()).extracting(ApiRequest::jti).containsExactly(null, "forged", null);
	}

	@Test
	void requestWhenStatusOrSlowPathThenAnswersAccordingly() {
		String token = idp.issueTokens("alice").accessToken();

		HttpResponse<String> unavailable = client.send(request("/api/status/503", token).GET());
		long start = System.nanoTime();
		HttpResponse<String> slow = client.send(request("/api/slow?ms=300", token).GET());

		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(slow.statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void requestWhenHundredsConcurrentThenAllAnsweredAndLogged() {
		String token = idp.issueTokens("alice").accessToken();
		HttpClient http = HttpClient.newHttpClient();

		List<Integer> statuses = IntStream.range(0, 300)
			.mapToObj(i -> request("/api/slow?ms=50", token).POST(HttpRequest.BodyPublishers.ofString("n" + i)).build())
			.map(request -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
			.toList()
			.stream()
			.map(CompletableFuture::join)
			.map(HttpResponse::statusCode)
			.toList();

		assertThat(statuses).hasSize(300).containsOnly(200);
		assertThat(api.requests()).hasSize(300);
	}

	private static HttpRequest.Builder request(String path, String token) {
		return HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + token);
	}

	private static void assertUnauthorized(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
		assertThat(OAuthTestClient.json(response)).isEqualTo(Map.of("error", "invalid_token"));
	}

}
