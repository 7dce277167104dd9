package dev.sessiongate.observability;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.Burst.Answer;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access log through a real gateway writing structured (ECS JSON) lines, as the
 * production example configures it: one line per relayed request with its fields and
 * trace id, nothing secret in it, and none at all when switched off.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccessLogIntegrationTests {

	private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Test
	void accessLogWhenARequestIsRelayedThenOneStructuredLineWithItsFieldsAndNoSecret(CapturedOutput output) {
		try (SandboxStack stack = SandboxStack.start(SandboxIdp.Settings.defaults(),
				properties -> properties.put("logging.structured.format.console", "ecs"), null)) {
			SignedIn alice = stack.signIn("alice");
			stack.api().rejectToken(SandboxStack.jti(alice.tokens().accessToken()));

			Answer answer = Burst
				.exchange(new Burst(stack.gateway().baseUrl()).client()
					.get()
					.uri("/api/orders/7?access_token=query-secret")
					.header(HttpHeaders.COOKIE, stack.cookieName() + "=" + alice.cookie())
					.header(HttpHeaders.AUTHORIZATION, "Bearer client-sent-secret")
					.header("traceparent", "00-" + CLIENT_TRACE + "-00f067aa0ba902b7-01"))
				.block(Duration.ofSeconds(30));
			assertThat(answer.status()).isEqualTo(200);

			Map<String, Object> line = await().atMost(Duration.ofSeconds(10))
				.until(() -> accessLines(output), lines -> lines.size() == 1)
				.get(0);
			assertThat(line).containsEntry("route", "api")
				.containsEntry("method", "GET")
				.containsEntry("path", "/api/orders/7")
				.containsEntry("status", 200L)
				.containsEntry("refreshed", false)
				.containsEntry("replayed", true)
				.containsEntry("trace_id", CLIENT_TRACE)
				.containsKey("duration_ms");
			assertThat(line.get("message")).asString().contains("GET /api/orders/7 200");
			assertThat(accessText(output)).doesNotContain(alice.cookie(), alice.tokens().accessToken(),
					alice.tokens().refreshToken(), "query-secret", "client-sent-secret", "access_token",
					stack.idp().clientSecret());
		}
	}

	@Test
	void accessLogWhenSwitchedOffThenRelayedRequestsLeaveNoLine(CapturedOutput output) {
		try (SandboxStack stack = SandboxStack.start(SandboxIdp.Settings.defaults(),
				properties -> properties.put("sessiongate.access-log.enabled", false), null)) {
			SignedIn alice = stack.signIn("alice");

			Answer answer = Burst
				.exchange(new Burst(stack.gateway().baseUrl()).client()
					.get()
					.uri("/api/orders")
					.header(HttpHeaders.COOKIE, stack.cookieName() + "=" + alice.cookie()))
				.block(Duration.ofSeconds(30));

			assertThat(answer.status()).isEqualTo(200);
			assertThat(output.getOut()).doesNotContain(AccessLog.LOGGER);
		}
	}

	/** The access log's lines among the captured output, each parsed from its JSON. */
	private static List<Map<String, Object>> accessLines(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter(line -> line.startsWith("{") && line.contains("\"" + AccessLog.LOGGER + "\""))
			.map(AccessLogIntegrationTests::json)
			.filter(Objects::nonNull)
			.toList();
	}

	private static String accessText(CapturedOutput output) {
		return String.join("\n", output.getOut().lines().filter(line -> line.contains(AccessLog.LOGGER)).toList());
	}

	private static Map<String, Object> json(String line) {
		try {
			return JSONObjectUtils.parse(line);
		}
		catch (ParseException ex) {
			return null;
		}
	}

}
