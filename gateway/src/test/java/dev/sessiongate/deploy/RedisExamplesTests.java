package dev.sessiongate.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code config/redis-*.example.yml}: every key is one Spring Boot binds, so an operator who copies
 * an example gets what its comments say.
 */
class RedisExamplesTests {

	@ParameterizedTest
	@ValueSource(strings = { "standalone", "sentinel", "cluster" })
	void exampleWhenLoadedThenEveryKeyIsABootRedisProperty(String topology) throws IOException {
		Path file = KubernetesManifestsTests.ROOT.resolve("config/redis-" + topology + ".example.yml");
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file));
		Set<String> known = SpringMetadata.propertyNames();
		assertThat(sources).hasSize(1);
		String[] keys = ((EnumerablePropertySource<?>) sources.get(0)).getPropertyNames();
		assertThat(keys).isNotEmpty()
			.allMatch((key) -> key.startsWith("spring.data.redis."))
			.allMatch((key) -> known.contains(key.replaceFirst("\\[\\d+]$", "")), "a property Spring Boot binds");
	}

}
