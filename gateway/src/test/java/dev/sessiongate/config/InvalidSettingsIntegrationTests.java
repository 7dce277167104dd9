package dev.sessiongate.config;

import java.util.HashMap;
import java.util.Map;

import dev.sessiongate.sandbox.LocalRedis;
import dev.sessiongate.sandbox.SandboxGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad setting stops the real gateway at start-up with a message that names the key and
 * says what to do (Spring Boot's failure analysis), not a stack trace, and never quotes a
 * secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingsIntegrationTests {

	@Test
	void startWhenASealingKeyIsTooShortThenTheAnalysisNamesItButNotItsValue(CapturedOutput output) {
		String secret = "c2l4dGVlbi1ieXRlLWtleQ==";

		String report = failedStart(output, Map.of("sessiongate.session.keys[0].secret", secret));

		assertThat(report).contains("sessiongate.session.keys[0].secret of key 'k1' decodes to 16 bytes, not 32")
			.contains("openssl rand -base64 32")
			.doesNotContain(secret);
	}

	@Test
	void startWhenAHostPrefixedCookieIsNotSecureThenTheAnalysisSaysHowToFixIt(CapturedOutput output) {
		String report = failedStart(output,
				Map.of("sessiongate.session.cookie.name", "__Host-SG_SESSION", "sessiongate.session.cookie.secure", false));

		assertThat(report).contains("sessiongate.session.cookie.secure is false")
			.contains("Set sessiongate.session.cookie.secure=true");
	}

	@Test
	void startWhenTheIssuerUriHasNoSchemeThenTheAnalysisSaysWhatAnIssuerLooksLike(CapturedOutput output) {
		String report = failedStart(output, Map.of("sessiongate.oidc.issuer-uri", "idp.example.com/realms/acme"));

		assertThat(report).contains("sessiongate.oidc.issuer-uri is not an absolute URL")
			.contains("such as https://idp.example.com/realms/acme");
	}

	@Test
	void startWhenADurationIsNegativeThenTheAnalysisNamesTheKeyAndWhereItWasSet(CapturedOutput output) {
		String report = failedStart(output, Map.of("sessiongate.refresh.skew", "-30s"));

		assertThat(report).contains("sessiongate.refresh.skew is negative (PT-30S)")
			.contains("from property source \"sandbox\"")
			.contains("Set a duration of zero or more");
	}

	/** Starts a gateway with {@code bad} on top of sound settings; the failure report it logged. */
	private static String failedStart(CapturedOutput output, Map<String, Object> bad) {
		Map<String, Object> properties = new HashMap<>(Map.of("server.port", 0, "management.server.port", 0,
				"spring.data.redis.url", LocalRedis.shared().url(), "sessiongate.oidc.issuer-uri",
				"http://127.0.0.1:1/realms/test", "sessiongate.oidc.client-id", "gateway",
				"sessiongate.session.cookie.secure", false, "sessiongate.session.keys[0].id", "k1",
				"sessiongate.session.keys[0].secret", SandboxGateway.randomKey()));
		properties.putAll(bad);

		assertThatException().isThrownBy(() -> SandboxGateway.start(properties).close());

		String out = output.getOut();
		assertThat(out).contains("APPLICATION FAILED TO START").contains("Invalid sessiongate settings");
		assertThat(out).as("no stack trace").doesNotContain("\tat org.springframework");
		return out.substring(out.indexOf("APPLICATION FAILED TO START"));
	}

}
