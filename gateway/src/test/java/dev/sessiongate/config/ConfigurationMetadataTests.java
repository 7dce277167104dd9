package dev.sessiongate.config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration processor's metadata, as IDEs read it from the jar: every
 * {@code sessiongate.*} key of every settings class is there with a description, and with
 * its default wherever the class gives one.
 */
class ConfigurationMetadataTests {

	@Test
	void metadataWhenBuiltThenEverySettingHasItsDescriptionAndDefault() throws Exception {
		Map<String, Map<String, Object>> metadata = metadata();
		List<Class<?>> settingsClasses = settingsClasses();

		assertThat(settingsClasses).hasSizeGreaterThanOrEqualTo(8);
		for (Class<?> settings : settingsClasses) {
			String prefix = settings.getAnnotation(ConfigurationProperties.class).value();
			checkRecord(prefix, settings, metadata);
		}
	}

	private static void checkRecord(String prefix, Class<?> record, Map<String, Map<String, Object>> metadata) {
		for (RecordComponent component : record.getRecordComponents()) {
			String key = prefix + "." + NonNegativeSettings.kebabCase(component.getName());
			if (component.getType().isRecord()) {
				checkRecord(key, component.getType(), metadata);
				continue;
			}
			assertThat(metadata).as("metadata of %s", key).containsKey(key);
			assertThat((String) metadata.get(key).get("description")).as("description of %s", key).isNotBlank();
			DefaultValue defaultValue = component.getAnnotation(DefaultValue.class);
			if (defaultValue != null && defaultValue.value().length > 0) {
				assertThat(metadata.get(key)).as("default of %s", key).containsKey("defaultValue");
			}
		}
	}

	private static List<Class<?>> settingsClasses() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		return scanner.findCandidateComponents("dev.sessiongate")
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.<Class<?>>map(name -> ClassUtils.resolveClassName(name, null))
			.filter(type -> type.getAnnotation(ConfigurationProperties.class).value().startsWith("sessiongate."))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> metadata() throws IOException, ParseException {
		Map<String, Map<String, Object>> byName = new HashMap<>();
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			Map<String, Object> document = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			for (Object property : (List<Object>) document.get("properties")) {
				Map<String, Object> entry = (Map<String, Object>) property;
				byName.put((String) entry.get("name"), entry);
			}
		}
		return byName;
	}

}
