package dev.sessiongate.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.sessiongate.token.OidcProperties;
import dev.sessiongate.token.OidcProperties.AssertionAudience;
import dev.sessiongate.token.OidcProperties.ClientAuthenticationMethod;
import dev.sessiongate.token.OidcProperties.PushedAuthorizationRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.ObjectError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider parameters add what an IdP needs and never replace what the gateway sets; each
 * client-authentication method has what it needs. Checked at start-up (through
 * {@link SettingsValidator}, so the failure analyzer names the key).
 */
class ProviderParameterSettingsTests {

	private final SettingsValidator validator = new SettingsValidator();

	@Test
	void validateWhenParametersAreTheProvidersOwnThenNoProblem() {
		assertThat(problems(oidc(Map.of("audience", "https://api.example.com", "access_type", "offline", "prompt",
				"consent"), Map.of("resource", "https://api.example.com"), null, null))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method",
			"response_type", "client_id", "scope", "request_uri", "request", "response_mode", "STATE" })
	void validateWhenAnAuthorizationParameterIsReservedThenItsKeyIsNamed(String name) {
		assertThat(problems(oidc(Map.of(name, "x"), Map.of(), null, null))).singleElement()
			.isEqualTo("sessiongate.oidc.authorization-parameters." + name + " is a parameter the gateway sets itself");
	}

	@ParameterizedTest
	@ValueSource(strings = { "grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "client_id",
			"client_secret", "client_assertion", "client_assertion_type", "scope" })
	void validateWhenATokenRequestParameterIsReservedThenItsKeyIsNamedButNotItsValue(String name) {
		assertThat(problems(oidc(Map.of(), Map.of(name, "s3cr3t-value"), null, null))).singleElement()
			.isEqualTo("sessiongate.oidc.token-request-parameters." + name + " is a parameter the gateway sets itself");
	}

	@Test
	void validateWhenAMethodLacksWhatItNeedsThenTheMissingKeyIsNamed() {
		assertThat(problems(oidc(Map.of(), Map.of(), ClientAuthenticationMethod.PRIVATE_KEY_JWT, null)))
			.containsExactly("sessiongate.oidc.client-key-location is not set, but private_key_jwt needs it");
		assertThat(problems(oidc(Map.of(), Map.of(), ClientAuthenticationMethod.TLS_CLIENT_AUTH, null)))
			.containsExactly("sessiongate.oidc.client-tls-bundle is not set, but tls_client_auth needs it");
		assertThat(problems(oidc(Map.of(), Map.of(), ClientAuthenticationMethod.CLIENT_SECRET_POST, null)))
			.containsExactly("sessiongate.oidc.client-secret is not set, but client_secret_post needs it");
		assertThat(problems(oidc(Map.of(), Map.of(), ClientAuthenticationMethod.PRIVATE_KEY_JWT, "file:/k.pem")))
			.isEmpty();
	}

	private List<String> problems(OidcProperties settings) {
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(settings, "settings");
		this.validator.validate(settings, errors);
		return errors.getGlobalErrors()
			.stream()
			.filter(SettingProblems::isProblem)
			.map(ProviderParameterSettingsTests::text)
			.toList();
	}

	private static String text(ObjectError error) {
		Object[] arguments = error.getArguments();
		assertThat(arguments).as(Arrays.toString(arguments)).hasSize(3);
		return arguments[0] + " " + arguments[1];
	}

	private static OidcProperties oidc(Map<String, String> authorization, Map<String, String> token,
			ClientAuthenticationMethod method, String keyLocation) {
		boolean secretMethod = method == null || method == ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
		return new OidcProperties(URI.create("https://idp.example.com"), "gateway", secretMethod ? "secret" : null,
				List.of("openid"), null, List.of(), null, Duration.ofSeconds(2), Duration.ofSeconds(5), false,
				authorization, token, method, keyLocation, null, null, AssertionAudience.ENDPOINT, null,
				PushedAuthorizationRequests.AUTO);
	}

}
