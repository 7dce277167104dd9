package dev.sessiongate.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every property name in the {@code META-INF/spring-configuration-metadata.json} of the jars on
 * the class path: what Spring Boot and its starters bind, so a misspelt key in an example fails.
 */
final class SpringMetadata {

	private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

	private SpringMetadata() {
	}

	static Set<String> propertyNames() {
		Set<String> names = new TreeSet<>();
		try {
			for (URL url : Collections.list(SpringMetadata.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					NAME.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8))
						.results()
						.forEach((result) -> names.add(result.group(1)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return names;
	}

}
