package dev.sessiongate.login;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sessiongate.sandbox.RedisUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starting logins costs Redis nothing: 2,000 logins started at once over HTTP, half in the
 * browser flow and half in the app flow, leave {@code DBSIZE} and {@code used_memory}
 * where they were (a login transaction used to take about 2.3 KB for ten minutes), and
 * both flows still complete afterwards.
 */
class LoginFloodIntegrationTests {

	private static final int LOGINS = 2_000;

	/** Allocator and client-buffer noise; 2,000 stored transactions would be about 4.6 MB. */
	private static final long MEMORY_NOISE = 256 * 1024;

	private static LoginSandbox sandbox;

	@BeforeAll
	static void start() {
		sandbox = LoginSandbox.start();
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@Test
	void startWhenTwoThousandLoginsThenRedisUnchangedAndBothFlowsStillComplete() {
		sandbox.browserLogin();
		RedisUsage before = RedisUsage.now();
		AtomicInteger started = new AtomicInteger();
		WebClient client = WebClient.create(sandbox.stack().gateway().baseUrl());
		long startedAt = System.nanoTime();

		Flux.range(0, LOGINS)
			.flatMap(i -> ((i % 2 == 0) ? browserStart(client) : appStart(client)), 64)
			.doOnNext(status -> {
				if (status.value() == 302 || status.value() == 200) {
					started.incrementAndGet();
				}
			})
			.then()
			.block(Duration.ofMinutes(2));

		Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
		RedisUsage after = RedisUsage.now();
		// For the record (the report quotes it); the time is not asserted: that is for benchmarks.
		System.out.println("Login flood: " + LOGINS + " logins started in " + took.toMillis() + " ms; Redis before "
				+ before + ", after " + after);
		assertThat(started).hasValue(LOGINS);
		assertThat(after.keys()).as("keys").isLessThanOrEqualTo(before.keys());
		assertThat(after.usedMemory() - before.usedMemory()).as("used_memory growth").isLessThan(MEMORY_NOISE);
		assertThat(sandbox.browserLogin()).isNotEmpty();
		assertThat(sandbox.appLogin()).isNotEmpty();
	}

	private static Mono<HttpStatusCode> browserStart(WebClient client) {
		return client.get().uri("/auth/login?return_to=/orders").exchangeToMono(response -> response.releaseBody()
			.thenReturn(response.statusCode())
			.filter(status -> response.cookies().containsKey(LoginSandbox.LOGIN_COOKIE)));
	}

	private static Mono<HttpStatusCode> appStart(WebClient client) {
		return client.post().uri("/auth/login/start").header("X-CSRF", "1").exchangeToMono(response -> response
			.releaseBody()
			.thenReturn(response.statusCode())
			.filter(status -> response.cookies().containsKey(LoginSandbox.LOGIN_COOKIE)));
	}

}
