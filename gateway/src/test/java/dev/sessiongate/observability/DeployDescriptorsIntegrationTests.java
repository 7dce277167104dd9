package dev.sessiongate.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.sessiongate.sandbox.Burst;
import dev.sessiongate.sandbox.PrometheusScrape;
import dev.sessiongate.sandbox.SandboxStack;
import dev.sessiongate.sandbox.SandboxStack.SignedIn;
import dev.sessiongate.sandbox.TokenFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the alert rules in {@code deploy/} read only metrics the
 * gateway exposes: after a scenario run (refreshes, a replay, a near-cache miss, a refresh
 * the IdP refuses, a logout, a back-channel logout, an error), every metric name their
 * expressions use is at {@code /actuator/prometheus}. The two rule files say the same, and
 * every rule has a runbook.
 */
class DeployDescriptorsIntegrationTests {

	private static final Path DEPLOY = Path.of(System.getProperty("basedir", ".")).resolve("../deploy").normalize();

	private static SandboxStack stack;

	private static PrometheusScrape exposed;

	@BeforeAll
	static void runScenario() {
		stack = SandboxStack.start();
		Burst burst = new Burst(stack.gateway().baseUrl());
		SignedIn refreshed = stack.signInExpired("alice");
		SignedIn replayed = stack.signIn("bob");
		stack.api().rejectToken(SandboxStack.jti(replayed.tokens().accessToken()));
		burst.fire(3, i -> get(burst, refreshed));
		burst.fire(1, i -> get(burst, replayed));
		// A session started on another instance: a near-cache miss, the lookup timed on its way to Redis.
		SignedIn elsewhere = stack.signInElsewhere("dave");
		burst.fire(1, i -> get(burst, elsewhere));
		SignedIn refused = stack.signInExpired("carol");
		stack.idp().failNextTokenRequests(1, TokenFailure.invalidGrant());
		burst.fire(1, i -> get(burst, refused));
		burst.fire(1, i -> burst.client()
			.post()
			.uri("/auth/logout")
			.header("X-CSRF", "1")
			.header(HttpHeaders.COOKIE, stack.cookieName() + "=" + refreshed.cookie()));
		burst.fire(1, i -> burst.client()
			.post()
			.uri("/auth/logout/backchannel")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("logout_token", "not-a-token")));
		exposed = PrometheusScrape.of(stack.gateway());
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@Test
	void dashboardWhenLoadedThenEveryMetricItShowsIsExposed() throws Exception {
		List<String> expressions = dashboardExpressions();

		assertThat(expressions).hasSizeGreaterThan(15);
		assertThat(expressions.stream().flatMap(expression -> PromqlMetricNames.of(expression).stream()))
			.contains("sessiongate_refresh_seconds_bucket", "sessiongate_session_cache_requests_total");
		assertThat(missing(expressions)).isEmpty();
	}

	@Test
	void alertRulesWhenLoadedThenEveryMetricTheyReadIsExposedAndEachHasARunbook() throws IOException {
		List<Map<String, Object>> rules = rules(plainRuleGroups());

		assertThat(rules).extracting(rule -> rule.get("alert"))
			.contains("SessiongateSessionStoreUnavailable", "SessiongateIdentityProviderUnavailable",
					"SessiongateRefreshErrorRatioHigh", "SessiongateInvalidGrantSpike", "SessiongateRouteLatencyHigh",
					"SessiongateBackchannelLogoutFailures")
			.doesNotHaveDuplicates();
		assertThat(missing(rules.stream().map(rule -> (String) rule.get("expr")).toList())).isEmpty();
		assertThat(rules).allSatisfy(rule -> assertThat(annotations(rule).get("runbook")).as("runbook of %s",
				rule.get("alert")).asString().isNotBlank());
		assertThat(exposed.has("http_server_requests_seconds_count", "uri", "/auth/logout/backchannel"))
			.as("the back-channel alert's series").isTrue();
	}

	@Test
	void prometheusRuleWhenLoadedThenItIsAStandaloneManifestOfTheSameRules() throws IOException {
		Map<String, Object> manifest = yaml("prometheus/sessiongate-prometheusrule.yaml");

		assertThat(manifest).containsEntry("apiVersion", "monitoring.coreos.com/v1")
			.containsEntry("kind", "PrometheusRule");
		assertThat(child(manifest, "metadata")).containsEntry("name", "sessiongate");
		assertThat(child(manifest, "spec").get("groups")).isEqualTo(plainRuleGroups());
	}

	/** Names the expressions read that the gateway does not expose. */
	private static Set<String> missing(List<String> expressions) {
		Set<String> missing = new TreeSet<>();
		for (String expression : expressions) {
			for (String name : PromqlMetricNames.of(expression)) {
				if (!exposed.names().contains(name)) {
					missing.add(name + " (in " + expression + ")");
				}
			}
		}
		return missing;
	}

	@SuppressWarnings("unchecked")
	private static List<String> dashboardExpressions() throws IOException, ParseException {
		Map<String, Object> dashboard = JSONObjectUtils
			.parse(Files.readString(DEPLOY.resolve("grafana/sessiongate-dashboard.json")));
		List<String> expressions = new ArrayList<>();
		for (Object panel : (List<Object>) dashboard.get("panels")) {
			for (Object target : (List<Object>) ((Map<String, Object>) panel).getOrDefault("targets", List.of())) {
				expressions.add((String) ((Map<String, Object>) target).get("expr"));
			}
		}
		for (Object variable : (List<Object>) ((Map<String, Object>) dashboard.get("templating")).get("list")) {
			Object query = ((Map<String, Object>) variable).get("query");
			if (query instanceof Map<?, ?> map) {
				expressions.add((String) map.get("query"));
			}
		}
		return expressions;
	}

	private static Object plainRuleGroups() throws IOException {
		return yaml("prometheus/sessiongate-rules.yml").get("groups");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules(Object groups) {
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Object group : (List<Object>) groups) {
			rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
		}
		return rules;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> annotations(Map<String, Object> rule) {
		return (Map<String, Object>) rule.get("annotations");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> child(Map<String, Object> parent, String name) {
		return (Map<String, Object>) parent.get(name);
	}

	private static Map<String, Object> yaml(String file) throws IOException {
		return new Yaml().load(Files.readString(DEPLOY.resolve(file)));
	}

	private static WebClient.RequestHeadersSpec<?> get(Burst burst, SignedIn session) {
		return burst.client()
			.get()
			.uri("/api/orders")
			.header(HttpHeaders.COOKIE, stack.cookieName() + "=" + session.cookie());
	}

}
