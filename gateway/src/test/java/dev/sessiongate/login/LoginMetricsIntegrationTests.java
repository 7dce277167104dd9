package dev.sessiongate.login;

import dev.sessiongate.sandbox.PrometheusScrape;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login outcomes and started sessions, as an operator reads them from
 * {@code /actuator/prometheus}, after real logins through a gateway and the sandbox IdP.
 */
class LoginMetricsIntegrationTests {

	@Test
	void metricsWhenAnAppLoginSucceedsThenOneSessionStartedAndOneSuccess() {
		try (LoginSandbox sandbox = LoginSandbox.start()) {
			PrometheusScrape before = scrape(sandbox);

			sandbox.appLogin();

			PrometheusScrape after = scrape(sandbox);
			assertThat(after.increaseSince(before, "sessiongate_sessions_started_total")).isEqualTo(1);
			assertThat(after.increaseSince(before, "sessiongate_logins_total", "outcome", "success")).isEqualTo(1);
		}
	}

	@Test
	void metricsWhenLoginsFailThenEachIsCountedByWhoseFaultItWas() {
		try (LoginSandbox sandbox = LoginSandbox.start()) {
			LoginSandbox.Started forged = sandbox.startApp(null);
			String callback = sandbox.authorize(forged.location());
			LoginSandbox.Started started = sandbox.startApp(null);
			String idpDown = sandbox.authorize(started.location());
			PrometheusScrape before = scrape(sandbox);

			sandbox.expectInvalidRequest(sandbox.endApp(callback.replaceAll("state=[^&]+", "state=forged"),
					forged.loginCookie()));
			sandbox.idp().close();
			sandbox.endApp(idpDown, started.loginCookie()).expectStatus().isEqualTo(503);

			PrometheusScrape after = scrape(sandbox);
			assertThat(after.increaseSince(before, "sessiongate_logins_total", "outcome", "invalid_request")).isEqualTo(1);
			assertThat(after.increaseSince(before, "sessiongate_logins_total", "outcome", "idp_error")).isEqualTo(1);
			assertThat(after.increaseSince(before, "sessiongate_sessions_started_total")).isZero();
		}
	}


	private static PrometheusScrape scrape(LoginSandbox sandbox) {
		return PrometheusScrape.of(sandbox.stack().gateway());
	}

}
