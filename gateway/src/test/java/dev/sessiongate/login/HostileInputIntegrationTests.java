package dev.sessiongate.login;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.sessiongate.sandbox.RawHttp;
import dev.sessiongate.sandbox.TokenFailure;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests no honest client sends, over raw HTTP to a real gateway: forbidden methods,
 * heads over the limits or malformed, paths and methods no endpoint takes, cookies sent
 * twice (cookie tossing), malformed back-channel forms, callbacks from another issuer.
 * Each gets the contract's JSON error, relays nothing and creates no session.
 */
class HostileInputIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static LoginSandbox sandbox;

	private int relayedBefore;

	private double sessionsBefore;

	@BeforeAll
	static void start() {
		sandbox = LoginSandbox.start();
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void countRelayedAndSessions() {
		countNow();
	}

	@ParameterizedTest
	@ValueSource(strings = { "TRACE /api/orders HTTP/1.1", "TRACK /api/orders HTTP/1.1", "CONNECT /api/orders HTTP/1.1",
			"CONNECT 127.0.0.1:443 HTTP/1.1", "TRACE /auth/session HTTP/1.1", "TRACE /nowhere HTTP/1.1",
			"TRACE * HTTP/1.1" })
	void methodWhenTraceTrackOrConnectThen405AndNothingRelayed(String requestLine) {
		SignedIn alice = sandbox.stack().signIn("alice");

		expectError(send(requestLine + "\r\nCookie: " + sandbox.sessionCookieName() + "=" + alice.cookie()), 405,
				"method_not_allowed");
	}

	@Test
	void requestWhenCookieHeaderOf8KbThenAnswered() {
		SignedIn alice = sandbox.stack().signIn("alice");
		String cookies = "pad=" + "x".repeat(8 * 1024) + "; " + sandbox.sessionCookieName() + "=" + alice.cookie();

		RawHttp.Response response = send("GET /auth/session HTTP/1.1\r\nCookie: " + cookies);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("\"subject\":\"alice\"");
	}

	@ParameterizedTest
	@ValueSource(ints = { 33 * 1024, 64 * 1024 })
	void requestWhenHeadersOverTheLimitThen400Json(int size) {
		expectError(send("GET /api/orders HTTP/1.1\r\nCookie: pad=" + "x".repeat(size)), 400, "invalid_request");
		expectError(send("GET /api/orders HTTP/1.1" + ("\r\nX-Pad: " + "y".repeat(990)).repeat(size / 1000)), 400,
				"invalid_request");
	}

	@Test
	void requestWhenLineOverTheLimitThen400Json() {
		expectError(send("GET /api/orders?q=" + "x".repeat(9 * 1024) + " HTTP/1.1"), 400, "invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /api/%zz HTTP/1.1", "GET /a|b HTTP/1.1", "GET /auth/callback?code=% HTTP/1.1",
			"GET /api/orders HTTP/1.1\r\nNot a header", "GET /api/orders HTTP/1.1\r\nContent-Length: x",
			"GET /api/orders HTTP/1.1\r\nX-Bad\u0000: 1" })
	void requestWhenHeadMalformedThen400Json(String head) {
		expectError(send(head), 400, "invalid_request");
	}

	@Test
	void pathWhenNothingMatchesThen404Json() {
		expectError(send("GET /nowhere HTTP/1.1"), 404, "not_found");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /auth/logout", "DELETE /auth/session", "PUT /auth/login", "GET /auth/login/start",
			"GET /auth/logout/backchannel", "POST /auth/callback" })
	void endpointWhenMethodNotTakenThen405Json(String methodAndPath) {
		expectError(send(methodAndPath + " HTTP/1.1\r\nX-CSRF: 1"), 405, "method_not_allowed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/orders", "/auth/session", "/nowhere" })
	void requestWhenSessionCookieSentTwiceInEitherOrderThen400AndNothingRelayed(String path) {
		SignedIn victim = sandbox.stack().signIn("alice");
		SignedIn attacker = sandbox.stack().signIn("mallory");
		String name = sandbox.sessionCookieName();

		expectError(send("GET " + path + " HTTP/1.1\r\nCookie: " + name + "=" + victim.cookie() + "; " + name + "="
				+ attacker.cookie()), 400, "invalid_request");
		expectError(send("GET " + path + " HTTP/1.1\r\nCookie: " + name + "=" + attacker.cookie() + "\r\nCookie: "
				+ name + "=" + victim.cookie()), 400, "invalid_request");
	}

	@Test
	void callbackWhenLoginCookieSentTwiceInEitherOrderThen400AndNoSession() {
		LoginSandbox.Started victim = sandbox.startBrowser(null);
		LoginSandbox.Started attacker = sandbox.startBrowser(null);
		String callback = sandbox.authorize(victim.location());
		String target = callback.substring(callback.indexOf("/auth/callback"));

		expectError(send("GET " + target + " HTTP/1.1\r\nCookie: SG_LOGIN=" + victim.loginCookie() + "; SG_LOGIN="
				+ attacker.loginCookie()), 400, "invalid_request");
		expectError(send("GET " + target + " HTTP/1.1\r\nCookie: SG_LOGIN=" + attacker.loginCookie()
				+ "; SG_LOGIN=" + victim.loginCookie()), 400, "invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "logout_token=%", "logout_token=%zz", "logout_token=", "other=1", "", "logout_token=a&"
			+ "logout_token=b", "%=x" })
	void backchannelWhenFormMalformedThen400Json(String form) {
		expectError(post("/auth/logout/backchannel", "application/x-www-form-urlencoded", form), 400,
				"invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "text/plain", "multipart/form-data; boundary=x", "nonsense" })
	void backchannelWhenNotAFormThen400Json(String contentType) {
		String token = sandbox.idp().logoutToken("alice", null);

		expectError(post("/auth/logout/backchannel", contentType, "logout_token=" + token), 400, "invalid_request");
	}

	@Test
	void backchannelWhenFormOversizedThen413Json() {
		expectError(post("/auth/logout/backchannel", "application/x-www-form-urlencoded",
				"logout_token=" + "x".repeat(20_000)), 413, "request_too_large");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "https://evil.example", "http://127.0.0.1:1" })
	void callbackWhenIssMissingOrAnotherIssuerThen400AndNoSession(String iss) {
		LoginSandbox.Started started = sandbox.startBrowser(null);
		String callback = sandbox.authorize(started.location()).replaceAll("&iss=[^&]*", "")
				+ (iss.isEmpty() ? "" : "&iss=" + java.net.URLEncoder.encode(iss, StandardCharsets.UTF_8));

		sandbox.expectInvalidRequest(sandbox.callback(callback, started.loginCookie()));
		assertThat(sandbox.sessionsCreated()).isEqualTo(this.sessionsBefore);
	}

	@Test
	void callbackWhenIdpRefusesTheCodeAsInvalidRequestThen400NotOutage() {
		LoginSandbox.Started started = sandbox.startBrowser(null);
		String callback = sandbox.authorize(started.location());
		sandbox.idp().failNextTokenRequests(1, TokenFailure.status(400));

		sandbox.expectInvalidRequest(sandbox.callback(callback, started.loginCookie()));
		assertThat(sandbox.sessionsCreated()).isEqualTo(this.sessionsBefore);
	}

	@Test
	void loginWhenASessionIsHeldThenTheOldSessionEndsAndItsRefreshTokenIsRevoked() {
		String old = sandbox.appLogin();
		String oldSid = sandbox.sidOf(old);
		LoginSandbox.Started started = sandbox.startApp(null);
		String callback = sandbox.authorize(started.location());

		String fresh = sandbox.sessionCookie(sandbox.client()
			.post()
			.uri("/auth/login/end")
			.header("X-CSRF", "1")
			.cookie(LoginSandbox.LOGIN_COOKIE, started.loginCookie())
			.cookie(sandbox.sessionCookieName(), old)
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.bodyValue("{\"callback_url\":\"" + callback + "\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Void.class));

		assertThat(fresh).isNotEqualTo(old);
		assertThat(sandbox.idp().isFamilyRevoked(oldSid)).isTrue();
		sandbox.client().get().uri("/auth/session").cookie(sandbox.sessionCookieName(), old).exchange()
			.expectStatus().isUnauthorized();
		sandbox.client().get().uri("/auth/session").cookie(sandbox.sessionCookieName(), fresh).exchange()
			.expectStatus().isOk();
	}

	private RawHttp.Response send(String head) {
		countNow();
		return RawHttp.send(sandbox.stack().gateway().port(), head);
	}

	private RawHttp.Response post(String path, String contentType, String body) {
		countNow();
		return RawHttp.send(sandbox.stack().gateway().port(), "POST " + path + " HTTP/1.1\r\nContent-Type: " + contentType,
				body.getBytes(StandardCharsets.UTF_8));
	}

	/** What was relayed and created before the request under test: sessions a test signs in first do not count. */
	private void countNow() {
		this.relayedBefore = sandbox.stack().api().requests().size();
		this.sessionsBefore = sandbox.sessionsCreated();
	}

	private void expectError(RawHttp.Response response, int status, String error) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.headers()).containsEntry("content-type", "application/json");
		Map<String, Object> body = JSON.readValue(response.body(), new tools.jackson.core.type.TypeReference<>() {
		});
		assertThat(body.keySet()).containsExactlyInAnyOrder("error", "message");
		assertThat(body.get("error")).isEqualTo(error);
		assertThat((String) body.get("message")).isNotBlank();
		assertThat(sandbox.stack().api().requests()).as("relayed").hasSize(this.relayedBefore);
		assertThat(sandbox.sessionsCreated()).as("sessions created").isEqualTo(this.sessionsBefore);
	}

}
