package dev.sessiongate.interop;

import java.time.Duration;
import java.util.List;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.MutableClock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refreshes against a real Keycloak that rotates refresh tokens and ends a login when one
 * comes back (see {@code RealmKeycloakInteropTests}): whatever the gateway's concurrency,
 * Keycloak must see one refresh per expiry and never a reuse. The gateway's clock is
 * moved forward instead of waiting for Keycloak's one-minute tokens to age (it computes
 * their expiry from {@code expires_in} on that clock), and back after each test, so that no
 * test sees Keycloak's fresh tokens as already expired.
 */
class RefreshKeycloakInteropTests {

	private static final int STORM = 20;

	/** Past the default 30 s skew of a 60 s token: due for a proactive refresh. */
	private static final Duration INTO_SKEW = Duration.ofSeconds(InteropRealm.ACCESS_TOKEN_SECONDS - 25);

	/** Old enough for a reactive refresh after a 401, yet not due for a proactive one. */
	private static final Duration AGED = Duration.ofSeconds(15);

	private static MutableClock clock;

	private static KeycloakStack stack;

	private static Burst burst;

	private Duration advanced = Duration.ZERO;

	@BeforeAll
	static void start() {
		// After Keycloak's cold start, which may take a minute: the gateway's clock starts at real time.
		LocalKeycloak.shared();
		clock = MutableClock.startingNow();
		stack = KeycloakStack.start(properties -> {
		}, clock);
		burst = new Burst(stack.baseUrl());
	}

	@AfterEach
	void rewind() {
		clock.advance(this.advanced.negated());
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@Test
	void refreshWhenManyRequestsArriveAtExpiryThenKeycloakSeesOneRefreshAndNoReuse() {
		String session = stack.logins().app();
		String sid = stack.sid(session);
		String loginJti = jtis(storm(session, 1)).get(0);

		advance(INTO_SKEW);
		List<String> stormJtis = jtis(storm(session, STORM));

		assertThat(stormJtis).hasSize(STORM).doesNotContain(loginJti).containsOnly(stormJtis.get(0));
		expectRefreshesWithoutError(sid, 1);

		// The rotated refresh token was kept: the next expiry refreshes with it, still no reuse.
		advance(INTO_SKEW);
		List<String> nextJtis = jtis(storm(session, STORM));
		assertThat(nextJtis).doesNotContain(stormJtis.get(0)).containsOnly(nextJtis.get(0));
		expectRefreshesWithoutError(sid, 2);
	}

	@Test
	void relayWhenApiRefusesTheTokenThenOneRefreshAtKeycloakAndEveryCallIsReplayed() {
		String session = stack.logins().app();
		String sid = stack.sid(session);
		String refusedJti = jtis(storm(session, 1)).get(0);
		stack.api().refuse(refusedJti);

		advance(AGED);
		List<String> replayedJtis = jtis(storm(session, STORM));

		assertThat(replayedJtis).hasSize(STORM).doesNotContain(refusedJti).containsOnly(replayedJtis.get(0));
		expectRefreshesWithoutError(sid, 1);
	}

	@Test
	void refreshWhenKeycloakDetectsReuseThenSessionExpiredAndTheSessionEnds() {
		String session = stack.logins().app();
		String sid = stack.sid(session);
		// Someone else redeems the stored refresh token first: the gateway's copy is now a reused one.
		String stolen = stack.session(session).tokens().refreshToken();
		new CodeFlow(stack.keycloak(), InteropRealm.Client.GATEWAY, "unused").refresh(stolen).expect(200);

		advance(INTO_SKEW);

		stack.client()
			.get()
			.uri("/api/orders")
			.cookie(stack.cookieName(), session)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("session_expired");
		assertThat(stack.session(session)).isNull();
		assertThat(stack.admin().events(stack.clientId())).filteredOn(event -> event.isOf(sid))
			.anyMatch(KeycloakEvent::isRefreshTokenReuse);
	}

	private void advance(Duration duration) {
		clock.advance(duration);
		this.advanced = this.advanced.plus(duration);
	}

	/** {@code count} calls through the gateway at once; every one must succeed. */
	private static List<Burst.Answer> storm(String session, int count) {
		List<Burst.Answer> answers = burst.fire(count, i -> burst.client()
			.get()
			.uri("/api/storm/{i}", i)
			.header("Cookie", Burst.cookie(stack.cookieName(), session)));
		assertThat(answers).extracting(Burst.Answer::status).containsOnly(200);
		return answers;
	}

	/** The {@code jti} of the access token the API accepted, per answer. */
	private static List<String> jtis(List<Burst.Answer> answers) {
		return answers.stream().map(answer -> (String) answer.json().get("jti")).toList();
	}

	private static void expectRefreshesWithoutError(String sid, int refreshes) {
		List<KeycloakEvent> events = Awaitility.await("Keycloak's refresh events")
			.atMost(Duration.ofSeconds(30))
			.until(() -> stack.admin().events(stack.clientId()).stream().filter(event -> event.isOf(sid)).toList(),
					ofSession -> ofSession.stream().filter(KeycloakEvent::isRefresh).count() >= refreshes);
		assertThat(events).filteredOn(KeycloakEvent::isRefreshError).isEmpty();
		assertThat(events).filteredOn(KeycloakEvent::isRefresh).hasSize(refreshes);
	}

}
