package dev.sessiongate.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.sessiongate.sandbox.ApiRequest;
import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the relay holds for a replay (CONTRACT section 5, issue 9's eighth and ninth requirements): chunked and
 * no-length bodies, the global budget across requests in flight, a client that sends its body too slowly, and
 * the response headers of a 401 that is thrown away.
 */
class ReplayBodyIntegrationTests {

	private static final int BUDGET = 6 * 1024;

	private static SandboxStack stack;

	private static Burst burst;

	@BeforeAll
	static void start() {
		stack = SandboxStack.start(SandboxIdp.Settings.defaults(), properties -> {
			properties.put("sessiongate.retry.max-body-size", "8KB");
			properties.put("sessiongate.retry.max-buffered-bytes", BUDGET + "B");
			properties.put("sessiongate.retry.body-idle-timeout", "500ms");
			properties.put("spring.cloud.gateway.server.webflux.globalcors.cors-configurations.[/**].allowed-origins[0]",
					"https://app.example");
		}, null);
		burst = new Burst(stack.gateway().baseUrl());
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@BeforeEach
	void reset() {
		stack.api().clearRequests();
		stack.api().openGate();
	}

	@Test
	void relayWhenAChunkedBodyWithinTheLimitGets401ThenItIsReplayedWhole() {
		SignedIn alice = rejected("alice");
		DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
		Flux<DataBuffer> chunks = Flux.just("{\"part\":1,", "\"pad\":\"" + "z".repeat(2000) + "\"}")
			.map(text -> buffers.wrap(text.getBytes(StandardCharsets.UTF_8)));

		Answer answer = Burst.exchange(post("/api/chunked", alice).body(BodyInserters.fromDataBuffers(chunks)))
			.block(Duration.ofSeconds(20));

		assertThat(answer.status()).isEqualTo(200);
		List<ApiRequest> sent = sentTo("/api/chunked");
		assertThat(sent).extracting(ApiRequest::status).containsExactly(401, 200);
		assertThat(sent).extracting(ApiRequest::bodyLength).containsOnly(2000L + 19);
		assertThat(sent.get(0).bodySha256()).isEqualTo(sent.get(1).bodySha256());
	}

	@Test
	void relayWhenAPostHasNeitherLengthNorChunkingThenItsBodyIsEmptyAndItIsReplayed() throws IOException {
		SignedIn alice = rejected("alice");

		String response = raw("POST /api/no-length HTTP/1.1\r\nHost: gateway\r\nX-CSRF: 1\r\nCookie: " + cookie(alice)
				+ "\r\nConnection: close\r\n\r\n", Duration.ZERO);

		assertThat(response).startsWith("HTTP/1.1 200");
		assertThat(sentTo("/api/no-length")).extracting(ApiRequest::status).containsExactly(401, 200);
		assertThat(sentTo("/api/no-length")).extracting(ApiRequest::bodyLength).containsOnly(0L);
	}

	@Test
	void relayWhenTheReplayBudgetIsTakenByRequestsInFlightThenAnotherBodyStreamsAndIsNotReplayed() {
		SignedIn alice = rejected("alice");
		String fourKb = "a".repeat(4 * 1024);
		// A holds 4 KB of the 6 KB budget while the API keeps it waiting.
		stack.api().closeGate();
		int arrivals = stack.api().gatedArrivals();
		Mono<Answer> a = Burst.exchange(post("/api/gated/a", alice).bodyValue(fourKb)).cache();
		a.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> stack.api().gatedArrivals() == arrivals + 1);

		Answer b = Burst.exchange(post("/api/b", alice).bodyValue(fourKb)).block(Duration.ofSeconds(20));
		stack.api().openGate();
		Answer afterA = a.block(Duration.ofSeconds(20));
		Answer c = Burst.exchange(post("/api/c", alice).bodyValue(fourKb)).block(Duration.ofSeconds(20));

		assertThat(b.status()).as("streamed, so the upstream's 401 reaches the client").isEqualTo(401);
		assertThat(sentTo("/api/b")).singleElement().extracting(ApiRequest::bodyLength).isEqualTo(4L * 1024);
		assertThat(afterA.status()).isEqualTo(200);
		assertThat(c.status()).as("the budget came back once A was done").isEqualTo(200);
	}

	@Test
	void relayWhenTheClientSendsItsBodyTooSlowlyThen408Json() throws IOException {
		SignedIn alice = stack.signIn("alice");

		String response = raw("POST /api/slow-body HTTP/1.1\r\nHost: gateway\r\nX-CSRF: 1\r\nCookie: " + cookie(alice)
				+ "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"started\":", Duration.ofSeconds(10));

		assertThat(response).startsWith("HTTP/1.1 408");
		assertThat(response).contains("application/json").contains("\"error\":\"request_timeout\"");
		assertThat(sentTo("/api/slow-body")).isEmpty();
	}

	@Test
	void relayWhenA401IsReplayedThenItsHeadersGoAndTheGatewaysOwnStay() {
		SignedIn alice = rejected("alice");

		Answer answer = Burst.exchange(burst.client()
			.get()
			.uri("/api/cors")
			.header(HttpHeaders.ORIGIN, "https://app.example")
			.header(HttpHeaders.COOKIE, cookie(alice))).block(Duration.ofSeconds(20));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.headers().getAccessControlAllowOrigin()).isEqualTo("https://app.example");
		assertThat(String.join(",", answer.headers().getVary())).contains("Origin").doesNotContain("Authorization");
		assertThat(answer.headers().get(HttpHeaders.WWW_AUTHENTICATE)).isNull();
		assertThat(answer.headers().get(HttpHeaders.CONTENT_TYPE)).hasSize(1);
	}

	private static SignedIn rejected(String subject) {
		SignedIn session = stack.signIn(subject);
		stack.api().rejectToken(SandboxStack.jti(session.tokens().accessToken()));
		return session;
	}

	private static List<ApiRequest> sentTo(String path) {
		return stack.api().requests().stream().filter(request -> request.path().equals(path)).toList();
	}

	private static WebClient.RequestBodySpec post(String path, SignedIn session) {
		return burst.client()
			.post()
			.uri(path)
			.header(HttpHeaders.COOKIE, cookie(session))
			.header("X-CSRF", "1")
			.header(HttpHeaders.CONTENT_TYPE, "application/json");
	}

	private static String cookie(SignedIn session) {
		return stack.cookieName() + "=" + session.cookie();
	}

	/** One request written byte for byte on a socket, as no HTTP client would send it; the whole answer. */
	private static String raw(String request, Duration keepOpen) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", stack.gateway().port())) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			byte[] chunk = new byte[4096];
			for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
				answer.write(chunk, 0, read);
				if (!keepOpen.isZero() && answer.toString(StandardCharsets.UTF_8).contains("}")) {
					break;
				}
			}
			return answer.toString(StandardCharsets.UTF_8);
		}
	}

}
