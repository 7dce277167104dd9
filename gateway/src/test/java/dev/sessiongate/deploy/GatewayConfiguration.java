package dev.sessiongate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * What the gateway would bind in a pod of a rendered Deployment, highest precedence first, as
 * Spring Boot orders them: the Secret's config tree, the overlay's {@code application-<profile>.yml}
 * and the base {@code application.yml} from the ConfigMap, then the jar's own
 * {@code application.yml}.
 */
final class GatewayConfiguration {

	private GatewayConfiguration() {
	}

	static Binder binder(Map<String, Object> configMap, List<String> profiles, @Nullable Path configTree) {
		List<PropertySource<?>> sources = new ArrayList<>();
		if (configTree != null) {
			sources.add(new ConfigTreePropertySource("configtree", configTree));
		}
		Map<String, Object> data = Manifests.map(configMap.get("data"));
		for (String profile : profiles) {
			Object file = data.get("application-" + profile + ".yml");
			if (file != null) {
				sources.addAll(yaml("application-" + profile + ".yml", (String) file));
			}
		}
		sources.addAll(yaml("configmap application.yml", (String) data.get("application.yml")));
		sources.addAll(load("jar application.yml", new ClassPathResource("application.yml")));
		return new Binder(ConfigurationPropertySources.from(sources));
	}

	private static List<PropertySource<?>> yaml(String name, String text) {
		return load(name, new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static List<PropertySource<?>> load(String name, Resource resource) {
		try {
			return new YamlPropertySourceLoader().load(name, resource);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
