package dev.sessiongate.faults;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import dev.sessiongate.sandbox.TokenFailure;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, smaller items: a gateway that shuts down gracefully lets a refresh in flight store its tokens
 * within the shutdown phase, and releases the leases it still holds instead of leaving other instances to
 * wait for them to expire.
 */
class GracefulShutdownIntegrationTests {

	/** Far longer than the test: a lease gone after shutdown was released, not expired. */
	private static final String LEASE = "60s";

	@Test
	void shutdownWhenARefreshIsWaitingOnTheIdpThenItFinishesAndStoresWithinThePhase() throws Exception {
		try (LocalRedis redis = LocalRedis.start(java.util.List.of()); SandboxStack stack = start(redis)) {
			SignedIn alice = signInExpired(stack, "alice");
			Sinks.Empty<Void> idpAnswers = Sinks.empty();
			stack.idp().failNextTokenRequests(1, TokenFailure.answerWhen(idpAnswers.asMono()));
			CompletableFuture<Answer> inFlight = get(stack, alice).toFuture();
			await().atMost(Duration.ofSeconds(10)).until(() -> stack.idp().refreshCount(alice.tokens().sid()) == 1);
			ReactiveRedisTemplate<String, byte[]> redisTemplate = template(stack);
			assertThat(redisTemplate.hasKey(alice.id().key("lease")).block()).isTrue();

			CountDownLatch closing = new CountDownLatch(1);
			stack.gateway().context().addApplicationListener(event -> {
				if (event instanceof ContextClosedEvent) {
					closing.countDown();
				}
			});
			CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> stack.gateway().close());
			assertThat(closing.await(10, TimeUnit.SECONDS)).isTrue();
			idpAnswers.tryEmitEmpty();
			closed.get(30, TimeUnit.SECONDS);

			assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
			assertThat(keyExists(redis, alice.id().key("lease"))).isFalse();
		}
	}

	@Test
	void shutdownWhenARefreshOutlivesThePhaseThenItsLeaseIsReleasedAnyway() throws Exception {
		try (LocalRedis redis = LocalRedis.start(java.util.List.of()); SandboxStack stack = start(redis)) {
			SignedIn bob = signInExpired(stack, "bob");
			Sinks.Empty<Void> never = Sinks.empty();
			stack.idp().failNextTokenRequests(1, TokenFailure.answerWhen(never.asMono()));
			get(stack, bob).subscribe(answer -> {
			}, failure -> {
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> stack.idp().refreshCount(bob.tokens().sid()) == 1);
			assertThat(keyExists(redis, bob.id().key("lease"))).isTrue();

			stack.gateway().close();

			assertThat(keyExists(redis, bob.id().key("lease"))).isFalse();
		}
	}

	private static SandboxStack start(LocalRedis redis) {
		return SandboxStack.start(SandboxIdp.Settings.defaults(), properties -> {
			properties.put("spring.data.redis.url", redis.url());
			properties.put("sessiongate.refresh.lease", LEASE);
			properties.put("sessiongate.refresh.timeout", "20s");
			properties.put("sessiongate.oidc.response-timeout", "20s");
			properties.put("server.shutdown", "graceful");
			properties.put("spring.lifecycle.timeout-per-shutdown-phase", "3s");
		}, null);
	}

	/** Asked of Redis directly: the gateway under test is closed by then. */
	private static boolean keyExists(LocalRedis redis, String key) {
		io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url());
		try (var connection = client.connect()) {
			return connection.sync().exists(key) == 1;
		}
		finally {
			client.shutdown();
		}
	}

	@SuppressWarnings("unchecked")
	private static ReactiveRedisTemplate<String, byte[]> template(SandboxStack stack) {
		return stack.gateway().context().getBean("sessionRedisTemplate", ReactiveRedisTemplate.class);
	}

	private static SignedIn signInExpired(SandboxStack stack, String subject) {
		stack.idp().accessTokenLifetime(Duration.ZERO);
		SignedIn signedIn = stack.signIn(subject);
		stack.idp().accessTokenLifetime(Duration.ofMinutes(5));
		return signedIn;
	}

	private static Mono<Answer> get(SandboxStack stack, SignedIn session) {
		return Burst.exchange(new Burst(stack.gateway().baseUrl()).client()
			.get()
			.uri("/api/orders")
			.header(HttpHeaders.COOKIE, stack.cookieName() + "=" + session.cookie()));
	}

}
