package dev.sessiongate.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.SandboxApi;
import dev.sessiongate.sandbox.SandboxGateway;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxTokens;
import dev.sessiongate.sandbox.StallingRedisProxy;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenSet;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lease holder that stalls past its lease (a long GC pause, say) right after reading the session, while
 * another instance takes over and refreshes: when it resumes, it goes on with the stale tokens it read and
 * reaches its last check before the IdP, which finds the lease lost. Only one refresh reaches the IdP, which
 * rotates refresh tokens and revokes the family of any token used twice. The stall is real: a TCP proxy
 * between the holder and Redis stops passing bytes both ways.
 */
class StalledLeaseHolderIntegrationTests {

	@Test
	void relayWhenAHolderStallsPastItsLeaseAndResumesThenItsLastCheckStopsASecondRefresh() throws Exception {
		try (LocalRedis redis = LocalRedis.start(List.of());
				StallingRedisProxy proxy = new StallingRedisProxy(redis.url());
				SandboxIdp idp = SandboxIdp.start(SandboxIdp.Settings.defaults());
				SandboxApi api = SandboxApi.start(idp)) {
			Map<String, Object> direct = SandboxGateway.properties(redis.url(), idp, api.baseUrl());
			direct.put("sessiongate.refresh.lease", "2s");
			direct.put("sessiongate.refresh.lease-poll-interval", "50ms");
			Map<String, Object> throughProxy = new LinkedHashMap<>(direct);
			throughProxy.put("spring.data.redis.url", proxy.url());
			try (SandboxGateway stalling = SandboxGateway.start(throughProxy);
					SandboxGateway other = SandboxGateway.start(direct)) {
				SandboxTokens tokens = idp.issueTokens("alice");
				SessionCookie.Issued issued = other.bean(SessionCookie.class).issue();
				other.bean(SessionStore.class)
					.create(issued.id(), "alice", "{}", new TokenSet(tokens.accessToken(), Instant.now().minusSeconds(1),
							tokens.refreshToken(), tokens.idToken()))
					.block(Duration.ofSeconds(10));
				String cookie = other.bean(SessionCookie.class).name() + "=" + issued.cookie().getValue();

				proxy.stallAfterNextLease();
				Mono<Answer> stalled = get(stalling, cookie).cache();
				stalled.subscribe();
				assertThat(proxy.awaitStalled(30)).as("the holder took the lease, read, and stalled").isTrue();
				Answer takenOver = get(other, cookie).block(Duration.ofSeconds(30));
				proxy.resume();
				Answer resumed = stalled.block(Duration.ofSeconds(30));

				assertThat(takenOver.status()).isEqualTo(200);
				assertThat(resumed.status()).isEqualTo(200);
				assertThat(resumed.json().get("jti")).isEqualTo(takenOver.json().get("jti"));
				assertThat(idp.refreshCount(tokens.sid())).isEqualTo(1);
				assertThat(idp.reuseDetections()).isZero();
				assertThat(idp.isFamilyRevoked(tokens.sid())).isFalse();
			}
		}
	}

	private static Mono<Answer> get(SandboxGateway gateway, String cookie) {
		return Burst.exchange(new Burst(gateway.baseUrl()).client()
			.get()
			.uri("/api/orders")
			.header(HttpHeaders.COOKIE, cookie));
	}

}
