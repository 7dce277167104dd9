package dev.sessiongate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.sessiongate.token.OidcProperties;
import jakarta.validation.Validation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code config/providers/*.example.yml}: each binds as the gateway binds it at start-up, with its own constraints,
 * {@link SettingsValidator}'s checks and no key the gateway does not know, so an operator who copies one gets what
 * its comments say; and each says what its IdP offers, as the README's table sums up. No network: discovery is
 * read only when the gateway starts.
 */
class ProviderExamplesTests {

	private static final String SECRET = "example-client-secret";

	@ParameterizedTest
	@ValueSource(strings = { "keycloak", "auth0", "okta", "entra", "google" })
	void exampleWhenBoundThenValidAndEveryKeyKnown(String provider) throws IOException {
		Path file = example(provider);
		List<PropertySource<?>> sources = new ArrayList<>(
				new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file)));
		sources.add(new MapPropertySource("environment", Map.of("IDP_CLIENT_SECRET", SECRET)));

		OidcProperties oidc = binder(sources).bind("sessiongate.oidc", Bindable.of(OidcProperties.class), strict())
			.get();

		assertThat(((EnumerablePropertySource<?>) sources.get(0)).getPropertyNames())
			.allMatch(key -> key.startsWith("sessiongate.oidc."), "a sessiongate.oidc key");
		assertThat(oidc.issuerUri()).hasScheme("https");
		assertThat(oidc.clientSecret()).isEqualTo(SECRET);
		assertThat(oidc.clientAuthentication()).as("named, not left to discovery").isNotNull();
		assertThat(oidc.scopes()).contains("openid");
		assertThat(oidc.redirectUri()).hasScheme("https");
	}

	@ParameterizedTest
	@ValueSource(strings = { "keycloak", "auth0", "okta", "entra", "google" })
	void exampleWhenReadThenItSaysWhatItsIdpOffers(String provider) throws IOException {
		String text = Files.readString(example(provider), StandardCharsets.UTF_8);

		assertThat(text).contains("# Rotation:", "# Back-channel logout:", "# Revocation:", "# RP-initiated logout:",
				"# PAR:", "client-authentication:", "scopes:",
				"--spring.config.additional-location=config/production.example.yml,config/providers/" + provider
						+ ".example.yml");
	}

	private static Binder binder(List<PropertySource<?>> sources) {
		return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
	}

	/** As at start-up ({@code SettingsValidation}), and refusing keys nothing binds (a misspelt one). */
	private static BindHandler strict() {
		SpringValidatorAdapter constraints = new SpringValidatorAdapter(
				Validation.buildDefaultValidatorFactory().getValidator());
		return new NoUnboundElementsBindHandler(new ValidationBindHandler(constraints, new SettingsValidator()));
	}

	private static Path example(String provider) {
		Path directory = Path.of("").toAbsolutePath();
		while (!Files.isDirectory(directory.resolve("config/providers"))) {
			directory = Objects.requireNonNull(directory.getParent(), "no config/providers above the working directory");
		}
		return directory.resolve("config/providers/" + provider + ".example.yml");
	}

}
