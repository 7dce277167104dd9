package dev.sessiongate.observability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Graceful shutdown of a real gateway: the readiness probe answers DOWN while a relayed
 * request is still in flight, so the load balancer stops sending, and that request still
 * gets its answer.
 */
class GracefulShutdownIntegrationTests {

	@Test
	void shutdownWhenARequestIsInFlightThenReadinessGoesDownFirstAndTheRequestFinishes() {
		SandboxStack stack = SandboxStack.start(SandboxIdp.Settings.defaults(),
				properties -> properties.put("spring.lifecycle.timeout-per-shutdown-phase", "20s"), null);
		try {
			SignedIn alice = stack.signIn("alice");
			Burst burst = new Burst(stack.gateway().baseUrl());
			String readiness = "http://127.0.0.1:" + stack.gateway().managementPort() + "/actuator/health/readiness";
			AtomicBoolean answered = new AtomicBoolean();
			// The upstream holds the answer for 3 s after the request reaches it.
			Mono<Answer> inFlight = Burst
				.exchange(burst.client()
					.get()
					.uri("/api/slow?ms=3000")
					.header(HttpHeaders.COOKIE, stack.cookieName() + "=" + alice.cookie()))
				.doOnSuccess(answer -> answered.set(true))
				.cache();
			inFlight.subscribe();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> stack.api().requests().stream().anyMatch(request -> request.path().equals("/api/slow")));

			Mono<Void> closing = Mono.<Void>fromRunnable(stack.gateway()::close)
				.subscribeOn(Schedulers.boundedElastic())
				.cache();
			closing.subscribe();
			await().atMost(Duration.ofSeconds(10)).until(() -> status(burst, readiness) == 503);
			boolean answeredWhenNotReady = answered.get();
			Answer answer = inFlight.block(Duration.ofSeconds(30));
			closing.block(Duration.ofSeconds(30));

			assertThat(answeredWhenNotReady).as("answered before readiness went down").isFalse();
			assertThat(answer.status()).isEqualTo(200);
		}
		finally {
			stack.close();
		}
	}

	/** The probe's status, or -1 when nothing answers. */
	private static int status(Burst burst, String url) {
		return Burst.exchange(burst.client().get().uri(url))
			.map(Answer::status)
			.onErrorReturn(-1)
			.block(Duration.ofSeconds(10));
	}

}
