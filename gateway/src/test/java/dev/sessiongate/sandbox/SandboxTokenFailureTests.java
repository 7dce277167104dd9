package dev.sessiongate.sandbox;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxTokenFailureTests {

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
		idp.clearFailures();
		idp.resetCounters();
		idp.accessTokenLifetime(Duration.ofSeconds(300));
	}

	@Test
	void tokenWhenDelayInjectedThenAnswersNormallyAfterDelay() {
		SandboxTokens tokens = idp.issueTokens("alice");
		idp.failNextTokenRequests(1, TokenFailure.delay(Duration.ofMillis(400)));

		long start = System.nanoTime();
		HttpResponse<String> response = client.refresh(tokens.refreshToken());

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(idp.refreshCount()).isEqualTo(1);
	}

	@Test
	void tokenWhenStatusInjectedTwiceThenTwoFailuresInOrderThenNormal() {
		SandboxTokens tokens = idp.issueTokens("alice");
		idp.failNextTokenRequests(2, TokenFailure.status(503));

		HttpResponse<String> first = client.refresh(tokens.refreshToken());
		HttpResponse<String> second = client.refresh(tokens.refreshToken());
		HttpResponse<String> third = client.refresh(tokens.refreshToken());

		assertThat(first.statusCode()).isEqualTo(503);
		assertThat(OAuthTestClient.json(first)).containsEntry("error", "temporarily_unavailable");
		assertThat(second.statusCode()).isEqualTo(503);
		assertThat(third.statusCode()).isEqualTo(200);
		assertThat(idp.tokenRequests()).isEqualTo(3);
		assertThat(idp.refreshCount()).isEqualTo(1);
	}

	@Test
	void tokenWhenDropConnectionInjectedThenNoResponseAndFamilyIntact() {
		SandboxTokens tokens = idp.issueTokens("alice");
		idp.failNextTokenRequests(1, TokenFailure.dropConnection());

		assertThatThrownBy(() -> client.refresh(tokens.refreshToken())).hasCauseInstanceOf(IOException.class);
		assertThat(client.refresh(tokens.refreshToken()).statusCode()).isEqualTo(200);
		assertThat(idp.tokenRequests()).isEqualTo(2);
	}

	@Test
	void tokenWhenInvalidGrantInjectedThenRejectedWithoutRevokingFamily() {
		SandboxTokens tokens = idp.issueTokens("alice");
		idp.failNextTokenRequests(1, TokenFailure.invalidGrant());

		HttpResponse<String> rejected = client.refresh(tokens.refreshToken());

		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(OAuthTestClient.json(rejected)).containsEntry("error", "invalid_grant");
		assertThat(idp.rejectedRefreshCount()).isEqualTo(1);
		assertThat(idp.isFamilyRevoked(tokens.sid())).isFalse();
		assertThat(client.refresh(tokens.refreshToken()).statusCode()).isEqualTo(200);
	}

	@Test
	void tokenWhenStandingDelayThenEveryRequestWaitsUntilCleared() {
		SandboxTokens tokens = idp.issueTokens("alice");
		idp.delayAllTokenRequests(Duration.ofMillis(300));

		long start = System.nanoTime();
		String next = (String) OAuthTestClient.json(client.refresh(tokens.refreshToken())).get("refresh_token");
		client.refresh(next);
		Duration delayed = Duration.ofNanos(System.nanoTime() - start);
		idp.delayAllTokenRequests(Duration.ZERO);

		assertThat(delayed).isGreaterThanOrEqualTo(Duration.ofMillis(600));
		assertThat(idp.refreshCount()).isEqualTo(2);
	}

	@Test
	void clearFailuresWhenFailuresQueuedThenNextRequestSucceeds() {
		SandboxTokens tokens = idp.issueTokens("alice");
		idp.failNextTokenRequests(5, TokenFailure.status(500));

		idp.clearFailures();

		assertThat(client.refresh(tokens.refreshToken()).statusCode()).isEqualTo(200);
	}

	@Test
	void accessTokenLifetimeWhenZeroThenTokensAreBornExpired() {
		idp.accessTokenLifetime(Duration.ZERO);
		SandboxTokens tokens = idp.issueTokens("alice");

		Map<String, Object> refreshed = OAuthTestClient.json(client.refresh(tokens.refreshToken()));

		assertThat(tokens.expiresIn()).isZero();
		assertThat(refreshed).containsEntry("expires_in", 0);
	}

}
