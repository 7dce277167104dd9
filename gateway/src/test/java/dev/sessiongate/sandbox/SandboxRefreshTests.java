package dev.sessiongate.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxRefreshTests {

	private static SandboxIdp idp;

	private static OAuthTestClient client;

	@BeforeAll
	static void start() {
		idp = SandboxIdp.start(SandboxIdp.Settings.defaults());
		client = new OAuthTestClient(idp);
	}

	@AfterAll
	static void stop() {
		idp.close();
	}

	@BeforeEach
	void reset() {
		idp.resetCounters();
		idp.clearFailures();
		idp.keycloakSizedTokens(false);
	}

	@Test
	void issueWhenKeycloakSizedThenTokensHaveKeycloaksSizesAndTheRefreshTokenRotatesAsUsual() {
		idp.keycloakSizedTokens(true);
		SandboxTokens tokens = idp.issueTokens("alice");

		Map<String, Object> refreshed = OAuthTestClient.json(client.refresh(tokens.refreshToken()));
		HttpResponse<String> reuse = client.refresh(tokens.refreshToken());

		// Base64 cannot hit every length: within one character.
		assertThat(tokens.accessToken().length()).isBetween(KeycloakSizes.ACCESS - 1, KeycloakSizes.ACCESS);
		assertThat(tokens.refreshToken().length()).isBetween(KeycloakSizes.REFRESH - 1, KeycloakSizes.REFRESH);
		assertThat(tokens.idToken().length()).isBetween(KeycloakSizes.ID - 1, KeycloakSizes.ID);
		assertThat(tokens.refreshToken()).startsWith("eyJ").contains(".");
		assertThat(((String) refreshed.get("refresh_token")).length()).isBetween(KeycloakSizes.REFRESH - 1,
				KeycloakSizes.REFRESH);
		assertThat(reuse.statusCode()).isEqualTo(400);
		assertThat(idp.reuseDetections()).isEqualTo(1);
	}

	@Test
	void refreshWhenRotationOnThenIssuesSuccessorAndCountsPerSid() {
		SandboxTokens tokens = idp.issueTokens("alice");

		Map<String, Object> refreshed = OAuthTestClient.json(client.refresh(tokens.refreshToken()));

		assertThat(refreshed).containsKeys("access_token", "id_token", "refresh_token");
		assertThat(refreshed.get("refresh_token")).isNotEqualTo(tokens.refreshToken());
		assertThat(idp.refreshCount()).isEqualTo(1);
		assertThat(idp.refreshCount(tokens.sid())).isEqualTo(1);
		assertThat(idp.refreshCountsBySid()).containsEntry(tokens.sid(), 1);
	}

	@Test
	void refreshWhenRotatedTokenReusedThenFamilyRevoked() {
		SandboxTokens tokens = idp.issueTokens("alice");
		String second = (String) OAuthTestClient.json(client.refresh(tokens.refreshToken())).get("refresh_token");
		String third = (String) OAuthTestClient.json(client.refresh(second)).get("refresh_token");

		HttpResponse<String> reuse = client.refresh(tokens.refreshToken());

		assertThat(reuse.statusCode()).isEqualTo(400);
		assertThat(OAuthTestClient.json(reuse)).containsEntry("error", "invalid_grant");
		assertThat(idp.reuseDetections()).isEqualTo(1);
		assertThat(idp.isFamilyRevoked(tokens.sid())).isTrue();
		assertThat(client.refresh(third).statusCode()).isEqualTo(400);
		assertThat(idp.refreshCount(tokens.sid())).isEqualTo(2);
	}

	@Test
	void refreshWhenManyConcurrentWithOneTokenThenExactlyOneSucceeds() {
		SandboxTokens tokens = idp.issueTokens("alice");
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create(idp.issuer() + "/token"))
			.header("Authorization", OAuthTestClient.basic(idp.clientId(), idp.clientSecret()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(OAuthTestClient
				.encode(Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken()))))
			.build();

		List<Integer> statuses = IntStream.range(0, 50)
			.mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
			.toList()
			.stream()
			.map(CompletableFuture::join)
			.map(HttpResponse::statusCode)
			.toList();

		assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 400);
		assertThat(idp.refreshCount()).isEqualTo(1);
		assertThat(idp.reuseDetections()).isEqualTo(1);
		assertThat(idp.tokenRequests()).isEqualTo(50);
	}

	@Test
	void refreshWhenRotationOffThenOmitsRefreshTokenAndOldOneStaysValid() {
		SandboxIdp.Settings settings = SandboxIdp.Settings.defaults()
			.withRefreshTokenRotation(false)
			.withClientAuthMethod("client_secret_post");
		try (SandboxIdp fixed = SandboxIdp.start(settings)) {
			OAuthTestClient postClient = new OAuthTestClient(fixed);
			String refreshToken = (String) postClient.login().get("refresh_token");

			Map<String, Object> first = OAuthTestClient.json(postClient.refresh(refreshToken));
			Map<String, Object> second = OAuthTestClient.json(postClient.refresh(refreshToken));

			assertThat(first).containsKeys("access_token", "id_token").doesNotContainKey("refresh_token");
			assertThat(second).containsKey("access_token");
			assertThat(fixed.refreshCount()).isEqualTo(2);
			assertThat(fixed.reuseDetections()).isZero();
		}
	}

	@Test
	void revokeWhenRefreshTokenThenFamilyRevokedAndCounted() {
		SandboxTokens tokens = idp.issueTokens("alice");

		HttpResponse<String> revoke = client.post("/revoke",
				Map.of("token", tokens.refreshToken(), "token_type_hint", "refresh_token"));

		assertThat(revoke.statusCode()).isEqualTo(200);
		assertThat(idp.revocations()).isEqualTo(1);
		assertThat(idp.isFamilyRevoked(tokens.sid())).isTrue();
		assertThat(client.refresh(tokens.refreshToken()).statusCode()).isEqualTo(400);
	}

	@Test
	void revokeWhenTokenUnknownThenStillOk() {
		HttpResponse<String> revoke = client.post("/revoke", Map.of("token", "not-a-token"));

		assertThat(revoke.statusCode()).isEqualTo(200);
		assertThat(idp.revocations()).isEqualTo(1);
	}

	@Test
	void logoutWhenIdTokenHintThenFamilyRevoked() {
		SandboxTokens tokens = idp.issueTokens("alice");

		client.get(idp.issuer() + "/logout?id_token_hint=" + tokens.idToken());

		assertThat(idp.isFamilyRevoked(tokens.sid())).isTrue();
		assertThat(idp.endSessionRequests()).isEqualTo(1);
	}

}
