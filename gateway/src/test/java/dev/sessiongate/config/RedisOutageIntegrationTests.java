package dev.sessiongate.config;

import java.util.List;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis outages through a real gateway: a frozen Redis (commands time out) and a dead
 * one (connections refused) both answer {@code 503 session_store_unavailable}, keep the
 * client's cookie, and the session works again once Redis is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisOutageIntegrationTests {

	private static LocalRedis redis;

	private static SandboxStack stack;

	private static Burst burst;

	@BeforeAll
	static void start() {
		redis = LocalRedis.start(List.of());
		stack = SandboxStack.start(SandboxIdp.Settings.defaults(), properties -> {
			properties.put("spring.data.redis.url", redis.url());
			properties.put("spring.data.redis.timeout", "500ms");
		}, null);
		burst = new Burst(stack.gateway().baseUrl());
	}

	@AfterAll
	static void stop() {
		stack.close();
		redis.close();
	}

	@Test
	@Order(1)
	void relayWhenRedisFreezesThen503AndTheSessionSurvivesTheOutage() {
		SignedIn alice = stack.signIn("alice");
		assertThat(get(alice).status()).isEqualTo(200);

		redis.pause();
		Answer during;
		try {
			during = get(alice);
		}
		finally {
			redis.resume();
		}
		Answer after = get(alice);

		assertThat(during.status()).isEqualTo(503);
		assertThat(during.json()).containsEntry("error", "session_store_unavailable");
		assertThat(during.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(during.headers().get(HttpHeaders.SET_COOKIE)).isNull();
		assertThat(after.status()).isEqualTo(200);
	}

	@Test
	@Order(2) // kills the Redis this class shares, so it runs last
	void relayWhenRedisIsDeadThen503NotA500() {
		SignedIn alice = stack.signIn("alice");

		redis.kill();
		Answer answer = get(alice);

		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.json()).containsEntry("error", "session_store_unavailable");
		assertThat(answer.headers().get(HttpHeaders.SET_COOKIE)).isNull();
	}

	private static Answer get(SignedIn session) {
		return Burst
			.exchange(burst.client().get().uri("/api/orders").header(HttpHeaders.COOKIE,
					stack.cookieName() + "=" + session.cookie()))
			.block();
	}

}
