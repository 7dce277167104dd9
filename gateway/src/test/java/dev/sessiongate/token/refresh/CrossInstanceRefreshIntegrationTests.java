package dev.sessiongate.token.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.GatewayProcess;
import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.SandboxApi;
import dev.sessiongate.sandbox.SandboxGateway;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxTokens;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Single-flight refresh across three gateway instances that share one real Redis
 * (CONTRACT section 5): the sandbox IdP rotates refresh tokens and revokes the family of
 * any token presented twice, so a second refresh anywhere would show.
 */
class CrossInstanceRefreshIntegrationTests {

	private static final Duration LEASE = Duration.ofSeconds(2);

	private static SandboxIdp idp;

	private static SandboxApi api;

	private static Map<String, Object> properties;

	private static final List<SandboxGateway> gateways = new ArrayList<>();

	private static final List<Burst> clients = new ArrayList<>();

	@BeforeAll
	static void start() {
		idp = SandboxIdp.start(SandboxIdp.Settings.defaults());
		api = SandboxApi.start(idp);
		properties = SandboxGateway.properties(LocalRedis.shared().url(), idp, api.baseUrl());
		properties.put("sessiongate.refresh.lease", LEASE.toMillis() + "ms");
		properties.put("sessiongate.refresh.lease-poll-interval", "50ms");
		for (int i = 0; i < 3; i++) {
			SandboxGateway gateway = SandboxGateway.start(properties);
			gateways.add(gateway);
			clients.add(new Burst(gateway.baseUrl()));
		}
	}

	@AfterAll
	static void stop() {
		gateways.forEach(SandboxGateway::close);
		api.close();
		idp.close();
	}

	@BeforeEach
	void reset() {
		idp.clearFailures();
		idp.delayAllTokenRequests(Duration.ZERO);
	}

	@Test
	void relayWhenRequestsOfEachSessionSpreadOverThreeInstancesAfterExpiryThenOneRefreshPerSession() {
		List<Session> sessions = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			sessions.add(signInExpired("spread-" + i));
		}
		int reusesBefore = idp.reuseDetections();
		idp.delayAllTokenRequests(Duration.ofMillis(200));

		List<Answer> answers = new ArrayList<>();
		List<Thread> senders = new ArrayList<>();
		for (int instance = 0; instance < 3; instance++) {
			Burst client = clients.get(instance);
			Thread sender = new Thread(() -> {
				List<Answer> mine = client.fire(300, i -> client.client()
					.get()
					.uri("/api/spread")
					.header(HttpHeaders.COOKIE, sessions.get(i % 20).cookieHeader()));
				synchronized (answers) {
					answers.addAll(mine);
				}
			});
			senders.add(sender);
			sender.start();
		}
		senders.forEach(CrossInstanceRefreshIntegrationTests::join);

		assertThat(answers).hasSize(900);
		assertThat(answers).filteredOn(answer -> answer.status() != 200).extracting(Answer::body).isEmpty();
		for (Session session : sessions) {
			assertThat(idp.refreshCount(session.tokens().sid())).as(session.toString()).isEqualTo(1);
		}
		assertThat(idp.reuseDetections()).isEqualTo(reusesBefore);
	}

	/**
	 * A holder that never comes back (frozen for good): its lease expires and another instance takes over. A
	 * holder that stalls and then resumes is {@code StalledLeaseHolderIntegrationTests}, with a real stall.
	 */
	@Test
	void relayWhenALeaseIsNeverReleasedThenAnotherInstanceTakesOverAfterItExpiresWithOneRefresh() {
		Session session = signInExpired("stalled");
		stalledHolder(session);

		List<Answer> answers = clients.get(1).fire(10, i -> clients.get(i % 3)
			.client()
			.get()
			.uri("/api/after-stall")
			.header(HttpHeaders.COOKIE, session.cookieHeader()));

		assertThat(answers).extracting(Answer::status).containsOnly(200);
		assertThat(idp.refreshCount(session.tokens().sid())).isEqualTo(1);
		assertThat(idp.isFamilyRevoked(session.tokens().sid())).isFalse();
	}

	@Test
	void relayWhenTheLeaseHoldersProcessIsKilledMidRefreshThenTheSessionRecoversWithOneRefresh() {
		Session session = signInExpired("killed");
		int reusesBefore = idp.reuseDetections();
		idp.delayAllTokenRequests(Duration.ofSeconds(30));
		GatewayProcess doomed = GatewayProcess.start(properties);
		int tokenRequestsBefore = idp.tokenRequests();
		Disposable inFlight = Burst.exchange(new Burst(doomed.baseUrl()).client()
			.get()
			.uri("/api/doomed")
			.header(HttpHeaders.COOKIE, session.cookieHeader())).subscribe();
		await().atMost(Duration.ofSeconds(30)).until(() -> idp.tokenRequests() > tokenRequestsBefore);

		doomed.kill();
		inFlight.dispose();
		idp.delayAllTokenRequests(Duration.ZERO);
		Answer answer = Burst.exchange(clients.get(0)
			.client()
			.get()
			.uri("/api/after-crash")
			.header(HttpHeaders.COOKIE, session.cookieHeader())).block(Duration.ofSeconds(30));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(idp.refreshCount(session.tokens().sid())).isEqualTo(1);
		assertThat(idp.reuseDetections()).isEqualTo(reusesBefore);
	}

	/** A lease taken by an owner that will never renew nor release it, as a frozen instance would. */
	@SuppressWarnings("unchecked")
	private static void stalledHolder(Session session) {
		ReactiveRedisTemplate<String, byte[]> redis = gateways.get(0)
			.context()
			.getBean("sessionRedisTemplate", ReactiveRedisTemplate.class);
		redis.opsForValue()
			.set(session.issued().id().key("lease"), "frozen-instance".getBytes(StandardCharsets.UTF_8), LEASE)
			.block();
	}

	private static Session signInExpired(String subject) {
		idp.accessTokenLifetime(Duration.ZERO);
		SandboxTokens tokens = idp.issueTokens(subject);
		idp.accessTokenLifetime(Duration.ofMinutes(5));
		SandboxGateway first = gateways.get(0);
		SessionCookie.Issued issued = first.bean(SessionCookie.class).issue();
		first.bean(SessionStore.class)
			.create(issued.id(), subject, "{}",
					new TokenSet(tokens.accessToken(), java.time.Instant.now().minusSeconds(1), tokens.refreshToken(),
							tokens.idToken()))
			.block(Duration.ofSeconds(10));
		return new Session(issued, tokens, first.bean(SessionCookie.class).name());
	}

	private static void join(Thread thread) {
		try {
			thread.join(Duration.ofSeconds(90).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Session(SessionCookie.Issued issued, SandboxTokens tokens, String cookieName) {

		String cookieHeader() {
			return this.cookieName + "=" + this.issued.cookie().getValue();
		}

		@Override
		public String toString() {
			return "Session[sid=" + this.tokens.sid() + "]";
		}

	}

}
