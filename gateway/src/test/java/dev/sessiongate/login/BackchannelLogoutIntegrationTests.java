package dev.sessiongate.login;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /auth/logout/backchannel} against the sandbox IdP and a real Redis: a valid
 * logout token ends exactly the sessions of its {@code sid}, or of its {@code sub}; a
 * replayed, nonce-carrying, event-less or badly signed one is a 400 that ends nothing.
 */
class BackchannelLogoutIntegrationTests {

	private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

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
	void backchannelWhenSidGivenThenOnlyThatLoginEnds() {
		String first = sandbox.browserLogin();
		String second = sandbox.appLogin();
		SignedIn bob = sandbox.stack().signIn("bob");
		double endedBefore = sandbox.counter("sessiongate.sessions.ended", "reason", "backchannel");

		backchannel(sandbox.idp().logoutToken(null, sandbox.sidOf(first))).expectStatus().isOk();

		expectEnded(first);
		expectLive(second);
		expectLive(bob.cookie());
		assertThat(sandbox.counter("sessiongate.sessions.ended", "reason", "backchannel")).isEqualTo(endedBefore + 1);
	}

	@Test
	void backchannelWhenSidAndSubGivenThenTheSidDecides() {
		SignedIn carol = sandbox.stack().signIn("carol");
		SignedIn carolElsewhere = sandbox.stack().signIn("carol");

		backchannel(sandbox.idp().logoutToken("carol", carol.tokens().sid())).expectStatus().isOk();

		expectEnded(carol.cookie());
		expectLive(carolElsewhere.cookie());
	}

	@Test
	void backchannelWhenOnlySubGivenThenEverySessionOfThatUserEnds() {
		SignedIn dave = sandbox.stack().signIn("dave");
		SignedIn daveElsewhere = sandbox.stack().signIn("dave");
		SignedIn erin = sandbox.stack().signIn("erin");

		backchannel(sandbox.idp().logoutToken("dave", null)).expectStatus().isOk();

		expectEnded(dave.cookie());
		expectEnded(daveElsewhere.cookie());
		expectLive(erin.cookie());
	}

	@Test
	void backchannelWhenSubOfLoginFlowSessionsThenBothFlowsEnd() {
		String browser = sandbox.browserLogin();
		String app = sandbox.appLogin();
		SignedIn frank = sandbox.stack().signIn("frank");

		backchannel(sandbox.idp().logoutToken("alice", null)).expectStatus().isOk();

		expectEnded(browser);
		expectEnded(app);
		expectLive(frank.cookie());
	}

	@Test
	void backchannelWhenNoSessionMatchesThen200() {
		backchannel(sandbox.idp().logoutToken(null, "no-such-sid")).expectStatus().isOk();
	}

	@Test
	void backchannelWhenTokenReplayedThen400AndNothingEnds() {
		SignedIn grace = sandbox.stack().signIn("grace");
		String token = sandbox.idp().logoutToken("grace", null);
		backchannel(token).expectStatus().isOk();
		expectEnded(grace.cookie());
		SignedIn graceAgain = sandbox.stack().signIn("grace");

		sandbox.expectInvalidRequest(backchannel(token));

		expectLive(graceAgain.cookie());
	}

	@Test
	void backchannelWhenTokenCarriesNonceThen400AndNothingEnds() {
		expectRejected("heidi", claims -> claims.claim("nonce", "n-1"));
	}

	@Test
	void backchannelWhenEventMissingThen400AndNothingEnds() {
		expectRejected("ivan", claims -> claims.claim("events", null));
		expectRejected("ivan", claims -> claims.claim("events", Map.of("http://example.com/other-event", Map.of())));
	}

	@Test
	void backchannelWhenNeitherSidNorSubThen400() {
		expectRejected("judy", claims -> claims.subject(null));
	}

	@Test
	void backchannelWhenJtiMissingThen400() {
		expectRejected("ken", claims -> claims.jwtID(null));
	}

	@Test
	void backchannelWhenForAnotherAudienceOrIssuerThen400() {
		expectRejected("leo", claims -> claims.audience("another-client"));
		expectRejected("leo", claims -> claims.issuer("https://issuer.invalid"));
	}

	@Test
	void backchannelWhenSignedByUnknownKeyThen400AndNothingEnds() {
		SignedIn mia = sandbox.stack().signIn("mia");

		sandbox.expectInvalidRequest(backchannel(sandbox.idp().signUnknownKey(claims("mia").build())));

		expectLive(mia.cookie());
	}

	@Test
	void backchannelWhenSignatureBrokenOrAbsentThen400AndNothingEnds() {
		SignedIn nina = sandbox.stack().signIn("nina");
		String[] parts = sandbox.idp().logoutToken(claims("nina").build()).split("\\.");
		String forged = parts[0] + "." + Base64URL.encode(claims("oscar").build().toString()) + "." + parts[2];
		String unsigned = Base64URL.encode("{\"alg\":\"none\"}") + "." + parts[1] + ".";

		sandbox.expectInvalidRequest(backchannel(forged));
		sandbox.expectInvalidRequest(backchannel(unsigned));

		expectLive(nina.cookie());
	}

	@Test
	void backchannelWhenLogoutTokenMissingOrNotAJwtThen400() {
		sandbox.expectInvalidRequest(sandbox.client()
			.post()
			.uri("/auth/logout/backchannel")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("other=1")
			.exchange());
		sandbox.expectInvalidRequest(backchannel("not-a-jwt"));
	}

	private static void expectRejected(String subject, UnaryOperator<JWTClaimsSet.Builder> flaw) {
		SignedIn user = sandbox.stack().signIn(subject);

		sandbox.expectInvalidRequest(backchannel(sandbox.idp().logoutToken(flaw.apply(claims(subject)).build())));

		expectLive(user.cookie());
	}

	private static JWTClaimsSet.Builder claims(String subject) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		return new JWTClaimsSet.Builder().issuer(sandbox.idp().issuer())
			.audience(sandbox.idp().clientId())
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(120)))
			.jwtID(UUID.randomUUID().toString())
			.claim("events", Map.of(EVENT, Map.of()));
	}

	private static WebTestClient.ResponseSpec backchannel(String logoutToken) {
		return sandbox.client()
			.post()
			.uri("/auth/logout/backchannel")
			.body(BodyInserters.fromFormData("logout_token", logoutToken))
			.exchange();
	}

	private static void expectLive(String session) {
		sessionInfo(session).expectStatus().isOk();
	}

	private static void expectEnded(String session) {
		sessionInfo(session).expectStatus().isUnauthorized();
	}

	private static WebTestClient.ResponseSpec sessionInfo(String session) {
		return sandbox.client().get().uri("/auth/session").cookie(sandbox.sessionCookieName(), session).exchange();
	}

}
