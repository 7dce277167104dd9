package dev.sessiongate.load;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The request every simulation sends: a GET through {@code SessionTokenRelay} to the sandbox API, carrying a session
 * cookie from a {@link SessionFeed}. Only 200 passes; the sandbox API answers 200 to any valid bearer.
 */
final class Relay {

	static final String PATH = "/api/orders";

	private Relay() {
	}

	static HttpProtocolBuilder protocol() {
		return http.baseUrl(BenchSettings.gatewayUrl()).acceptHeader("application/json").disableCaching();
	}

	/** One relayed GET, recorded in {@code answers}. */
	static ChainBuilder get(String name, Answers answers) {
		return exec(http(name).get(PATH)
			.header("Cookie", "#{" + SessionFeed.COOKIE + "}")
			.check(status().saveAs(Answers.STATUS), responseTimeInMillis().saveAs(Answers.RESPONSE_TIME))
			.check(status().is(200))).exec(answers::record);
	}

	/** Users that each send one relayed GET with the next session of {@code sessions}. */
	static ScenarioBuilder oneRequestPerUser(String scenario, String request, SessionFeed sessions,
			Answers answers) {
		return scenario(scenario).feed(sessions).exec(get(request, answers));
	}

}
