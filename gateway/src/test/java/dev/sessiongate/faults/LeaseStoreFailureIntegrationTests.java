package dev.sessiongate.faults;

import java.time.Duration;
import java.util.List;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, fourth requirement: Redis failing on the refresh path (the lease's acquire, renew, release and
 * poll) answers {@code 503 session_store_unavailable}, never a 500, and a proactive refresh whose lease
 * Redis refused relays the still-valid token. Redis fails for real: its ACL denies the command the step
 * needs (NOPERM), while the session read keeps working.
 */
class LeaseStoreFailureIntegrationTests {

	private static LocalRedis redis;

	private static RedisClient admin;

	private static StatefulRedisConnection<String, String> adminConnection;

	private static SandboxStack stack;

	private static Burst burst;

	@BeforeAll
	static void start() {
		redis = LocalRedis.start(List.of());
		admin = RedisClient.create(redis.url());
		adminConnection = admin.connect();
		// The tests deny commands to the gateway's user (default); this one keeps every right.
		adminConnection.sync().aclSetuser("admin", io.lettuce.core.AclSetuserArgs.Builder.on()
			.nopass()
			.allCommands()
			.allKeys()
			.allChannels());
		adminConnection.sync().auth("admin", "unused");
		stack = SandboxStack.start(SandboxIdp.Settings.defaults(), properties -> {
			properties.put("spring.data.redis.url", redis.url());
			properties.put("sessiongate.refresh.lease-poll-interval", "50ms");
		}, null);
		burst = new Burst(stack.gateway().baseUrl());
	}

	@AfterAll
	static void stop() {
		stack.close();
		adminConnection.close();
		admin.shutdown();
		redis.close();
	}

	@AfterEach
	void allowEverything() {
		adminConnection.sync().aclSetuser("default", io.lettuce.core.AclSetuserArgs.Builder.on()
			.nopass()
			.allCommands()
			.allKeys()
			.allChannels());
	}

	@Test
	void relayWhenRedisRefusesTheLeaseAndTheTokenExpiredThen503StoreUnavailable() {
		SignedIn alice = signIn("alice", Duration.ZERO);
		deny("set");

		Answer answer = get(alice);

		assertStoreUnavailable(answer);
	}

	@Test
	void relayWhenRedisRefusesTheLeaseForAProactiveRefreshThenTheValidTokenIsRelayed() {
		SignedIn alice = signIn("alice", Duration.ofSeconds(20));
		deny("set");

		Answer answer = get(alice);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("jti")).isEqualTo(SandboxStack.jti(alice.tokens().accessToken()));
		assertThat(stack.idp().refreshCount(alice.tokens().sid())).isZero();
	}

	@Test
	void relayWhenRedisRefusesTheLeaseRenewalBeforeTheIdpCallThen503AndNoRefresh() {
		SignedIn alice = signIn("alice", Duration.ZERO);
		deny("pexpire");

		Answer answer = get(alice);

		assertStoreUnavailable(answer);
		assertThat(stack.idp().refreshCount(alice.tokens().sid())).isZero();
	}

	@Test
	void relayWhenRedisRefusesTheLeaseReleaseThenTheRefreshedAnswerStillGoesOut() {
		SignedIn alice = signIn("alice", Duration.ZERO);
		deny("publish");

		Answer answer = get(alice);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(stack.idp().refreshCount(alice.tokens().sid())).isEqualTo(1);
	}

	@Test
	void relayWhenRedisRefusesThePollForAnotherInstancesLeaseThen503() {
		SignedIn alice = signIn("alice", Duration.ZERO);
		adminConnection.sync().set(alice.id().key("lease"), "another-instance", io.lettuce.core.SetArgs.Builder.px(5000));
		deny("exists");

		Answer answer = get(alice);

		assertStoreUnavailable(answer);
	}

	private static void assertStoreUnavailable(Answer answer) {
		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.json()).containsEntry("error", "session_store_unavailable");
		assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(answer.headers().get(HttpHeaders.SET_COOKIE)).isNull();
	}

	/** Denies one command to the gateway's Redis user, inside scripts too. */
	private static void deny(String command) {
		adminConnection.sync().aclSetuser("default", io.lettuce.core.AclSetuserArgs.Builder.on()
			.nopass()
			.allCommands()
			.removeCommand(io.lettuce.core.protocol.CommandType.valueOf(command.toUpperCase(java.util.Locale.ROOT)))
			.allKeys()
			.allChannels());
	}

	private static SignedIn signIn(String subject, Duration lifetime) {
		stack.idp().accessTokenLifetime(lifetime);
		SignedIn signedIn = stack.signIn(subject);
		stack.idp().accessTokenLifetime(Duration.ofMinutes(5));
		return signedIn;
	}

	private static Answer get(SignedIn session) {
		return Burst
			.exchange(burst.client()
				.get()
				.uri("/api/orders")
				.header(HttpHeaders.COOKIE, stack.cookieName() + "=" + session.cookie()))
			.block(Duration.ofSeconds(30));
	}

}
