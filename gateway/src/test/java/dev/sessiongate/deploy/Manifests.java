package dev.sessiongate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.Yaml;

/**
 * One rendering of a kustomization: its documents, and the lookups the tests need. Rendered by
 * {@code kubectl kustomize} when kubectl is on the PATH, and always by {@link KustomizeWalk}.
 */
record Manifests(String renderer, List<Map<String, Object>> documents) {

	private static final Map<Path, List<Manifests>> RENDERED = new ConcurrentHashMap<>();

	/** Each rendering once per test run: kubectl takes about a second a time. Callers only read. */
	static List<Manifests> renderings(Path directory) {
		return RENDERED.computeIfAbsent(directory, Manifests::render);
	}

	private static List<Manifests> render(Path directory) {
		List<Manifests> renderings = new ArrayList<>();
		renderings.add(new Manifests("SnakeYAML walk", KustomizeWalk.render(directory)));
		kubectl().ifPresent((kubectl) -> renderings.add(new Manifests("kubectl kustomize", kustomize(kubectl, directory))));
		return renderings;
	}

	static Optional<Path> kubectl() {
		return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
			.filter((entry) -> !entry.isEmpty())
			.map((entry) -> Path.of(entry, "kubectl"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static List<Map<String, Object>> kustomize(Path kubectl, Path directory) {
		try {
			Process process = new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("kubectl kustomize " + directory + " failed:\n" + output);
			}
			List<Map<String, Object>> documents = new ArrayList<>();
			new Yaml().loadAll(output).forEach((document) -> documents.add(map(document)));
			return documents;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	List<Map<String, Object>> all(String kind) {
		return this.documents.stream().filter((document) -> kind.equals(document.get("kind"))).toList();
	}

	Map<String, Object> one(String kind, String name) {
		return all(kind).stream()
			.filter((document) -> name.equals(name(document)))
			.findFirst()
			.orElseThrow(() -> new AssertionError(this.renderer + ": no " + kind + " named " + name));
	}

	static String name(Map<String, Object> document) {
		return (String) map(document.get("metadata")).get("name");
	}

	static Map<String, Object> podSpec(Map<String, Object> workload) {
		return map(map(map(workload.get("spec")).get("template")).get("spec"));
	}

	static List<Map<String, Object>> containers(Map<String, Object> document) {
		if (!"Deployment".equals(document.get("kind"))) {
			return List.of();
		}
		return list(podSpec(document).get("containers")).stream().map(Manifests::map).toList();
	}

	static Map<String, Object> labels(Map<String, Object> document) {
		return map(map(document.get("metadata")).getOrDefault("labels", Map.of()));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		if (!(value instanceof Map<?, ?>)) {
			throw new AssertionError("expected a mapping, got " + value);
		}
		return (Map<String, Object>) value;
	}

	static List<?> list(Object value) {
		return (value instanceof List<?> list) ? list : List.of();
	}

	/** The mapping under {@code key}, created when missing. */
	static Map<String, Object> child(Map<String, Object> parent, String key) {
		return map(parent.computeIfAbsent(key, (missing) -> new LinkedHashMap<String, Object>()));
	}

}
