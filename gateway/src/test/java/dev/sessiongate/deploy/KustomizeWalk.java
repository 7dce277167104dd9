package dev.sessiongate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.Yaml;

/**
 * Renders a kustomization without kustomize, for machines without kubectl: the subset our
 * {@code deploy/kubernetes} uses (resources, configMapGenerator with create and merge, strategic
 * merge and JSON 6902 replace patches, {@code $patch: delete}, labels, images, namespace). Names
 * get no hash suffix; references stay consistent all the same. When kubectl is there, the tests
 * check both renderings, so this walk cannot drift from what kustomize does unnoticed.
 */
final class KustomizeWalk {

	private KustomizeWalk() {
	}

	static List<Map<String, Object>> render(Path directory) {
		Map<String, Object> kustomization = Manifests.map(load(directory.resolve("kustomization.yaml")).get(0));
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object resource : Manifests.list(kustomization.get("resources"))) {
			Path path = directory.resolve((String) resource).normalize();
			documents.addAll(Files.isDirectory(path) ? render(path) : load(path));
		}
		for (Object generator : Manifests.list(kustomization.get("configMapGenerator"))) {
			generate(directory, Manifests.map(generator), documents);
		}
		for (Object patch : Manifests.list(kustomization.get("patches"))) {
			patch(directory, Manifests.map(patch), documents);
		}
		for (Object labels : Manifests.list(kustomization.get("labels"))) {
			Map<String, Object> pairs = Manifests.map(Manifests.map(labels).get("pairs"));
			documents.forEach((document) -> Manifests.child(Manifests.child(document, "metadata"), "labels").putAll(pairs));
		}
		for (Object image : Manifests.list(kustomization.get("images"))) {
			retag(Manifests.map(image), documents);
		}
		Object namespace = kustomization.get("namespace");
		if (namespace != null) {
			documents.stream()
				.filter((document) -> !"Namespace".equals(document.get("kind")))
				.forEach((document) -> Manifests.child(document, "metadata").put("namespace", namespace));
		}
		return documents;
	}

	private static void generate(Path directory, Map<String, Object> generator, List<Map<String, Object>> documents) {
		Map<String, Object> data = new LinkedHashMap<>();
		for (Object file : Manifests.list(generator.get("files"))) {
			Path path = directory.resolve((String) file);
			data.put(path.getFileName().toString(), read(path));
		}
		if ("merge".equals(generator.get("behavior"))) {
			Map<String, Object> existing = find(documents, "ConfigMap", (String) generator.get("name"));
			Manifests.child(existing, "data").putAll(data);
			return;
		}
		Map<String, Object> configMap = new LinkedHashMap<>();
		configMap.put("apiVersion", "v1");
		configMap.put("kind", "ConfigMap");
		configMap.put("metadata", new LinkedHashMap<>(Map.of("name", generator.get("name"))));
		configMap.put("data", data);
		documents.add(configMap);
	}

	private static void patch(Path directory, Map<String, Object> entry, List<Map<String, Object>> documents) {
		String text = entry.containsKey("path") ? read(directory.resolve((String) entry.get("path")))
				: (String) entry.get("patch");
		Object patch = load(text).get(0);
		if (patch instanceof List<?> operations) {
			Map<String, Object> target = Manifests.map(entry.get("target"));
			Map<String, Object> document = find(documents, (String) target.get("kind"), (String) target.get("name"));
			operations.forEach((operation) -> replace(document, Manifests.map(operation)));
			return;
		}
		Map<String, Object> strategic = Manifests.map(patch);
		Map<String, Object> metadata = Manifests.map(strategic.get("metadata"));
		Map<String, Object> document = find(documents, (String) strategic.get("kind"), (String) metadata.get("name"));
		if ("delete".equals(strategic.get("$patch"))) {
			documents.remove(document);
		}
		else {
			merge(document, strategic);
		}
	}

	private static void replace(Map<String, Object> document, Map<String, Object> operation) {
		if (!List.of("replace", "add").contains(operation.get("op"))) {
			throw new IllegalArgumentException("unsupported JSON patch operation: " + operation);
		}
		String[] keys = ((String) operation.get("path")).substring(1).split("/");
		Map<String, Object> parent = document;
		for (int i = 0; i < keys.length - 1; i++) {
			parent = Manifests.child(parent, keys[i]);
		}
		parent.put(keys[keys.length - 1], operation.get("value"));
	}

	/** Strategic merge as kustomize does it for our patches: maps deep, lists of named maps by name. */
	@SuppressWarnings("unchecked")
	static void merge(Map<String, Object> target, Map<String, Object> patch) {
		patch.forEach((key, value) -> {
			Object current = target.get(key);
			if (value instanceof Map<?, ?> map && current instanceof Map<?, ?> existing) {
				merge((Map<String, Object>) existing, (Map<String, Object>) map);
			}
			else if (value instanceof List<?> list && current instanceof List<?> existing && isNamed(list)) {
				List<Object> merged = new ArrayList<>(existing);
				list.forEach((item) -> mergeNamed(merged, Manifests.map(item)));
				target.put(key, merged);
			}
			else {
				target.put(key, value);
			}
		});
	}

	private static boolean isNamed(List<?> list) {
		return !list.isEmpty() && list.stream().allMatch((item) -> item instanceof Map<?, ?> map && map.containsKey("name"));
	}

	private static void mergeNamed(List<Object> merged, Map<String, Object> item) {
		for (Object existing : merged) {
			if (Objects.equals(Manifests.map(existing).get("name"), item.get("name"))) {
				merge(Manifests.map(existing), item);
				return;
			}
		}
		merged.add(item);
	}

	private static void retag(Map<String, Object> image, List<Map<String, Object>> documents) {
		for (Map<String, Object> document : documents) {
			for (Map<String, Object> container : Manifests.containers(document)) {
				String current = (String) container.get("image");
				int colon = current.indexOf(':');
				String name = (colon < 0) ? current : current.substring(0, colon);
				String tag = (colon < 0) ? "" : current.substring(colon);
				if (name.equals(image.get("name"))) {
					Object newTag = image.get("newTag");
					container.put("image", image.getOrDefault("newName", name) + ((newTag != null) ? ":" + newTag : tag));
				}
			}
		}
	}

	private static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
		return documents.stream()
			.filter((document) -> kind.equals(document.get("kind")))
			.filter((document) -> name.equals(Manifests.map(document.get("metadata")).get("name")))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no " + kind + " " + name + " to patch"));
	}

	static List<Map<String, Object>> load(Path path) {
		return load(read(path)).stream().map(Manifests::map).toList();
	}

	private static List<Object> load(String text) {
		List<Object> documents = new ArrayList<>();
		new Yaml().loadAll(text).forEach((document) -> {
			if (document != null) {
				documents.add(document);
			}
		});
		return documents;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
