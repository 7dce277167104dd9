package dev.sessiongate.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.sessiongate.session.SessionProperties;
import dev.sessiongate.token.OidcProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every overlay of {@code deploy/kubernetes} (with {@code kubectl kustomize} when it is on
 * the PATH, and always with {@link KustomizeWalk}) and checks what must agree with the gateway:
 * probes and ports, where configuration and secrets are mounted and what the gateway binds from
 * them, labels and selectors, the image, and that no secret value is committed.
 */
class KubernetesManifestsTests {

	static final Path ROOT = repositoryRoot();

	static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");

	private static final Pattern SECRET_LITERAL = Pattern
		.compile("--from-(?:literal|file)=([A-Za-z0-9._-]+)=(\\S*)");

	@ParameterizedTest
	@ValueSource(strings = { "dev", "production" })
	void overlayWhenRenderedByBothRenderersThenSameResources(String overlay) {
		List<Manifests> renderings = Manifests.renderings(overlay(overlay));
		for (Manifests rendering : renderings) {
			assertThat(rendering.all("Deployment")).as(rendering.renderer()).extracting(Manifests::name).contains("sessiongate");
		}
		assertThat(renderings.stream().map(KubernetesManifestsTests::resourceNames).distinct()).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "production" })
	void probesWhenRenderedThenHealthGroupsOnTheManagementPort(String overlay) {
		for (Manifests manifests : Manifests.renderings(overlay(overlay))) {
			Map<String, Object> container = gateway(manifests);
			Binder app = GatewayConfiguration.binder(configMap(manifests), profiles(container), null);
			int managementPort = app.bind("management.server.port", Integer.class).get();
			assertThat(app.bind("management.endpoint.health.probes.enabled", Boolean.class).orElse(false)).isTrue();
			assertThat(app.bind("management.server.address", String.class).orElse("0.0.0.0"))
				.as("kubelet probes come in on the pod IP")
				.isNotIn("127.0.0.1", "localhost", "::1");
			assertThat(probe(container, "livenessProbe")).isEqualTo("/actuator/health/liveness:" + managementPort);
			assertThat(probe(container, "readinessProbe")).isEqualTo("/actuator/health/readiness:" + managementPort);
			assertThat(probe(container, "startupProbe")).endsWith(":" + managementPort);
			assertThat(portNumber(container, "http")).isEqualTo(app.bind("server.port", Integer.class).get());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "production" })
	void terminationWhenPodStopsThenGracePeriodOutlastsPreStopAndShutdownPhase(String overlay) {
		for (Manifests manifests : Manifests.renderings(overlay(overlay))) {
			Map<String, Object> container = gateway(manifests);
			Binder app = GatewayConfiguration.binder(configMap(manifests), profiles(container), null);
			Duration phase = app.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
				.orElse(Duration.ofSeconds(30));
			int preStop = (Integer) path(container, "lifecycle", "preStop", "sleep", "seconds");
			int grace = (Integer) Manifests.podSpec(deployment(manifests)).get("terminationGracePeriodSeconds");
			assertThat(grace).isGreaterThan(preStop + (int) phase.toSeconds());
			assertThat(app.bind("server.shutdown", String.class).orElse("graceful")).isEqualTo("graceful");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "production" })
	void configurationWhenMountedThenLoadedFromTheConfigMapWithTheOverlaysProfile(String overlay) {
		for (Manifests manifests : Manifests.renderings(overlay(overlay))) {
			Map<String, Object> container = gateway(manifests);
			String location = env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION");
			assertThat(location).startsWith("file:").endsWith("/");
			Map<String, Object> volume = volumeMountedAt(manifests, location.substring("file:".length()));
			assertThat(volume).containsKey("configMap");
			Set<String> expectedKeys = new TreeSet<>(Set.of("application.yml"));
			profiles(container).forEach((profile) -> expectedKeys.add("application-" + profile + ".yml"));
			assertThat(Manifests.map(configMap(manifests).get("data")).keySet()).as(manifests.renderer())
				.containsExactlyInAnyOrderElementsOf(expectedKeys);
			assertThat(profiles(container)).containsExactly(overlay);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "production" })
	void secretsWhenTheDocumentedKeysAreMountedAsAConfigTreeThenTheGatewayBindsThem(String overlay,
			@TempDir Path tree) throws IOException {
		Map<String, String> documented = documentedSecretKeys();
		for (String key : documented.keySet()) {
			Files.writeString(tree.resolve(key), "value-of-" + key);
		}
		for (Manifests manifests : Manifests.renderings(overlay(overlay))) {
			Map<String, Object> container = gateway(manifests);
			String imported = env(container, "SPRING_CONFIG_IMPORT");
			assertThat(imported).as("not optional: no secrets, no start").startsWith("configtree:").endsWith("/");
			Map<String, Object> volume = volumeMountedAt(manifests, imported.substring("configtree:".length()));
			Map<String, Object> secret = Manifests.map(volume.get("secret"));
			assertThat(secret.get("secretName")).isEqualTo("sessiongate-secrets");
			assertThat(secret).as("every key of the Secret becomes a file, named as its property").doesNotContainKey("items");

			Binder app = GatewayConfiguration.binder(configMap(manifests), profiles(container), tree);
			OidcProperties oidc = app.bind("sessiongate.oidc", Bindable.of(OidcProperties.class)).get();
			SessionProperties session = app.bind("sessiongate.session", Bindable.of(SessionProperties.class)).get();
			assertThat(oidc.clientSecret()).isEqualTo("value-of-sessiongate.oidc.client-secret");
			assertThat(session.keys()).isNotEmpty();
			for (int index = 0; index < session.keys().size(); index++) {
				String prefix = "value-of-sessiongate.session.keys." + index;
				assertThat(session.keys().get(index).id()).isEqualTo(prefix + ".id");
				assertThat(session.keys().get(index).secret()).isEqualTo(prefix + ".secret");
			}
			assertThat(session.keys()).hasSize((int) documented.keySet().stream().filter((key) -> key.endsWith(".secret") && key.startsWith("sessiongate.session.keys.")).count());
		}
		Set<String> known = SpringMetadata.propertyNames();
		assertThat(documented.keySet().stream().filter((key) -> key.startsWith("spring."))).allMatch(known::contains);
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "production" })
	void selectorsWhenRenderedThenEveryServiceBudgetScalerPolicyAndMonitorFindsThePods(String overlay) {
		for (Manifests manifests : Manifests.renderings(overlay(overlay))) {
			Map<String, Object> deployment = deployment(manifests);
			Map<String, Object> podLabels = Manifests.labels(Manifests.map(path(deployment, "spec", "template")));
			Map<String, Object> container = gateway(manifests);
			assertThat(podLabels).containsAllEntriesOf(matchLabels(path(deployment, "spec", "selector")));

			Map<String, Object> service = manifests.one("Service", "sessiongate");
			Map<String, Object> management = manifests.one("Service", "sessiongate-management");
			for (Map<String, Object> each : List.of(service, management)) {
				assertThat(podLabels).containsAllEntriesOf(Manifests.map(path(each, "spec", "selector")));
			}
			assertThat(servicePort(service).get("targetPort")).isEqualTo("http");
			assertThat(servicePort(management).get("targetPort")).isEqualTo("management");
			portNumber(container, "http");
			portNumber(container, "management");

			Map<String, Object> policy = manifests.one("NetworkPolicy", "sessiongate");
			assertThat(podLabels).containsAllEntriesOf(matchLabels(path(policy, "spec", "podSelector")));
			assertThat(policyPorts(policy)).containsExactlyInAnyOrder("http", "management");

			for (Map<String, Object> budget : manifests.all("PodDisruptionBudget")) {
				assertThat(podLabels).containsAllEntriesOf(matchLabels(path(budget, "spec", "selector")));
			}
			for (Map<String, Object> scaler : manifests.all("HorizontalPodAutoscaler")) {
				assertThat(Manifests.map(path(scaler, "spec", "scaleTargetRef"))).containsEntry("kind", "Deployment")
					.containsEntry("name", "sessiongate");
				assertThat((Integer) path(scaler, "spec", "minReplicas")).isGreaterThanOrEqualTo(2);
			}
			for (Map<String, Object> monitor : manifests.all("ServiceMonitor")) {
				assertThat(Manifests.labels(management)).containsAllEntriesOf(matchLabels(path(monitor, "spec", "selector")));
				assertThat(Manifests.labels(service)).doesNotContainEntry("app.kubernetes.io/component", "management");
				Map<String, Object> endpoint = Manifests.map(Manifests.list(path(monitor, "spec", "endpoints")).get(0));
				assertThat(endpoint).containsEntry("port", servicePort(management).get("name"))
					.containsEntry("path", "/actuator/prometheus");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dev", "production" })
	void podWhenRenderedThenRunsTheImagesNonRootUserReadOnlyWithoutPrivileges(String overlay) throws Exception {
		JibConfiguration jib = JibConfiguration.read(ROOT.resolve("gateway/pom.xml"));
		for (Manifests manifests : Manifests.renderings(overlay(overlay))) {
			Map<String, Object> pod = Manifests.podSpec(deployment(manifests));
			Map<String, Object> container = gateway(manifests);
			Map<String, Object> podSecurity = Manifests.map(pod.get("securityContext"));
			assertThat(podSecurity).containsEntry("runAsNonRoot", true)
				.containsEntry("runAsUser", jib.uid())
				.containsEntry("runAsGroup", jib.gid());
			Map<String, Object> security = Manifests.map(container.get("securityContext"));
			assertThat(security).containsEntry("allowPrivilegeEscalation", false)
				.containsEntry("readOnlyRootFilesystem", true)
				.containsEntry("capabilities", Map.of("drop", List.of("ALL")));
			assertThat(pod).containsEntry("automountServiceAccountToken", false);
			assertThat(List.of(portNumber(container, "http"), portNumber(container, "management")))
				.containsExactlyInAnyOrderElementsOf(jib.ports());
			assertThat(env(container, "JAVA_TOOL_OPTIONS")).isEqualTo(jib.javaToolOptions());
			assertThat((String) container.get("image")).endsWith(":" + projectVersion());
			assertThat(Manifests.map(path(container, "resources", "limits"))).containsKey("memory");
		}
	}

	@Test
	void secretsWhenCommittedThenNoneCarriesAValue() throws IOException {
		for (String overlay : List.of("dev", "production")) {
			for (Manifests manifests : Manifests.renderings(overlay(overlay))) {
				assertThat(manifests.all("Secret")).as(manifests.renderer()).isEmpty();
				for (Map<String, Object> container : Manifests.containers(deployment(manifests))) {
					for (Object entry : Manifests.list(container.get("env"))) {
						String name = (String) Manifests.map(entry).get("name");
						if (name.matches("(?i).*(SECRET|PASSWORD|TOKEN|KEY).*")) {
							assertThat(Manifests.map(entry)).as(name).doesNotContainKey("value");
						}
					}
				}
			}
		}
		try (Stream<Path> files = Stream.concat(Files.walk(ROOT.resolve("deploy")), Files.walk(ROOT.resolve("config")))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String text = Files.readString(file);
				assertThat(text).as(file.toString()).doesNotContain("secretGenerator").doesNotContain("PRIVATE KEY");
				Matcher literal = SECRET_LITERAL.matcher(text);
				while (literal.find()) {
					if (!literal.group(1).endsWith(".id")) { // key ids are names, not secrets
						assertThat(literal.group(2)).as(file + ": " + literal.group(1)).matches("\"?\\$.*");
					}
				}
			}
		}
	}

	@Test
	void prometheusRuleWhenObservabilityRulesExistThenTheirsVerbatimElseOnlyContractMetrics() throws IOException {
		Path rulePath = overlay("production").resolve("prometheus-rule.yaml");
		Map<String, Object> rule = KustomizeWalk.load(rulePath).get(0);
		assertThat(rule).containsEntry("apiVersion", "monitoring.coreos.com/v1").containsEntry("kind", "PrometheusRule");
		List<String> expressions = new ArrayList<>();
		for (Object group : Manifests.list(path(rule, "spec", "groups"))) {
			for (Object each : Manifests.list(Manifests.map(group).get("rules"))) {
				expressions.add((String) Manifests.map(each).get("expr"));
			}
		}
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(6);
		// Issue 12 writes the rules in deploy/prometheus/ and checks their metric names against a
		// scenario run; once it is there this file must be that rule, verbatim.
		Path observability = ROOT.resolve("deploy/prometheus");
		if (Files.isDirectory(observability)) {
			List<Map<String, Object>> published = new ArrayList<>();
			try (Stream<Path> files = Files.list(observability)) {
				for (Path file : files.filter((file) -> file.toString().matches(".*\\.ya?ml")).toList()) {
					KustomizeWalk.load(file)
						.stream()
						.filter((document) -> "PrometheusRule".equals(document.get("kind")))
						.forEach(published::add);
				}
			}
			assertThat(published).as("a PrometheusRule in deploy/prometheus/").hasSize(1);
			assertThat(published.get(0).get("spec")).isEqualTo(rule.get("spec"));
			return;
		}
		Pattern metric = Pattern.compile("\\b(?:sessiongate|http)_[a-z_]+\\b");
		Set<String> used = expressions.stream()
			.flatMap((expression) -> metric.matcher(expression).results().map((result) -> result.group()))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(used).isNotEmpty()
			.allMatch((name) -> name.matches("(sessiongate_refresh_seconds|http_server_requests_seconds)_(count|sum|bucket|max)"
					+ "|sessiongate_(refresh_joined|relay_replays|sessions_started|sessions_ended|session_cache_requests)_total"));
	}

	private static Path overlay(String name) {
		return KUBERNETES.resolve("overlays").resolve(name);
	}

	private static Set<String> resourceNames(Manifests manifests) {
		return manifests.documents()
			.stream()
			.map((document) -> document.get("kind") + "/"
					+ Manifests.name(document).replaceFirst("^(sessiongate-config)-[a-z0-9]{10}$", "$1"))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static Map<String, Object> deployment(Manifests manifests) {
		return manifests.one("Deployment", "sessiongate");
	}

	private static Map<String, Object> gateway(Manifests manifests) {
		return Manifests.containers(deployment(manifests))
			.stream()
			.filter((container) -> "gateway".equals(container.get("name")))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Object> configMap(Manifests manifests) {
		String location = env(gateway(manifests), "SPRING_CONFIG_ADDITIONAL_LOCATION");
		Map<String, Object> volume = volumeMountedAt(manifests, location.substring("file:".length()));
		String name = (String) Manifests.map(volume.get("configMap")).get("name");
		return manifests.one("ConfigMap", name);
	}

	/** The pod volume mounted at {@code directory} in the gateway container. */
	private static Map<String, Object> volumeMountedAt(Manifests manifests, String directory) {
		String wanted = directory.replaceFirst("/$", "");
		String volume = Manifests.list(gateway(manifests).get("volumeMounts"))
			.stream()
			.map(Manifests::map)
			.filter((mount) -> wanted.equals(mount.get("mountPath")))
			.map((mount) -> (String) mount.get("name"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("nothing mounted at " + directory));
		return Manifests.list(Manifests.podSpec(deployment(manifests)).get("volumes"))
			.stream()
			.map(Manifests::map)
			.filter((each) -> volume.equals(each.get("name")))
			.findFirst()
			.orElseThrow();
	}

	private static List<String> profiles(Map<String, Object> container) {
		String active = env(container, "SPRING_PROFILES_ACTIVE");
		return (active != null) ? List.of(active.split(",")) : List.of();
	}

	private static String env(Map<String, Object> container, String name) {
		return Manifests.list(container.get("env"))
			.stream()
			.map(Manifests::map)
			.filter((entry) -> name.equals(entry.get("name")))
			.map((entry) -> (String) entry.get("value"))
			.findFirst()
			.orElse(null);
	}

	private static int portNumber(Map<String, Object> container, String name) {
		return Manifests.list(container.get("ports"))
			.stream()
			.map(Manifests::map)
			.filter((port) -> name.equals(port.get("name")))
			.map((port) -> (Integer) port.get("containerPort"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + name));
	}

	/** {@code path:port} of an HTTP probe, its named port resolved. */
	private static String probe(Map<String, Object> container, String probe) {
		Map<String, Object> get = Manifests.map(path(container, probe, "httpGet"));
		Object port = get.get("port");
		int number = (port instanceof Integer value) ? value : portNumber(container, (String) port);
		return get.get("path") + ":" + number;
	}

	private static Map<String, Object> servicePort(Map<String, Object> service) {
		List<?> ports = Manifests.list(path(service, "spec", "ports"));
		assertThat(ports).hasSize(1);
		return Manifests.map(ports.get(0));
	}

	private static List<Object> policyPorts(Map<String, Object> policy) {
		List<Object> ports = new ArrayList<>();
		for (Object rule : Manifests.list(path(policy, "spec", "ingress"))) {
			Manifests.list(Manifests.map(rule).get("ports")).forEach((port) -> ports.add(Manifests.map(port).get("port")));
		}
		return ports;
	}

	private static Map<String, Object> matchLabels(Object selector) {
		return Manifests.map(Manifests.map(selector).get("matchLabels"));
	}

	private static Object path(Map<String, Object> document, String... keys) {
		Object current = document;
		for (String key : keys) {
			current = Objects.requireNonNull(Manifests.map(current).get(key), () -> "missing " + String.join(".", keys));
		}
		return current;
	}

	/** The keys of {@code kubectl create secret generic sessiongate-secrets} in the READMEs, with their values. */
	static Map<String, String> documentedSecretKeys() throws IOException {
		Map<String, String> keys = new TreeMap<>();
		for (Path readme : List.of(KUBERNETES.resolve("README.md"), ROOT.resolve("README.md"))) {
			Matcher literal = SECRET_LITERAL.matcher(Files.readString(readme));
			while (literal.find()) {
				keys.put(literal.group(1), literal.group(2));
			}
		}
		assertThat(keys).containsKeys("sessiongate.oidc.client-secret", "sessiongate.session.keys.0.id",
				"sessiongate.session.keys.0.secret");
		return keys;
	}

	private static String projectVersion() throws IOException {
		Matcher version = Pattern.compile("<artifactId>sessiongate-parent</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(Files.readString(ROOT.resolve("pom.xml")));
		assertThat(version.find()).isTrue();
		return version.group(1);
	}

	private static Path repositoryRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (!Files.isDirectory(directory.resolve("deploy/kubernetes"))) {
			directory = Objects.requireNonNull(directory.getParent(), "no deploy/kubernetes above the working directory");
		}
		return directory;
	}

}
