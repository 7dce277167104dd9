package dev.sessiongate.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import dev.sessiongate.session.SessionProperties;
import dev.sessiongate.session.SessionProperties.Cookie;
import dev.sessiongate.session.SessionProperties.NearCache;
import dev.sessiongate.session.SessionProperties.SealingKey;
import dev.sessiongate.token.OidcProperties;
import dev.sessiongate.token.refresh.RefreshProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.ObjectError;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule of {@link SettingsValidator}, on settings as they bind. */
class SettingsValidatorTests {

	private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private static final NearCache NEAR_CACHE = new NearCache(true, 10_000, Duration.ofSeconds(30));

	private final SettingsValidator validator = new SettingsValidator();

	@Test
	void validateWhenSettingsAreSoundThenNoProblem() {
		assertThat(problems(session(new Cookie("__Host-SG", true, "Lax"), List.of(new SealingKey("k1", KEY)))))
			.isEmpty();
		assertThat(problems(oidc("https://idp.example.com/realms/acme"))).isEmpty();
		assertThat(problems(new RefreshProperties(Duration.ofSeconds(30), Duration.ofSeconds(10),
				Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(10),
				Duration.ofSeconds(2))))
			.isEmpty();
	}

	@Test
	void validateWhenADurationIsNegativeThenItsKeyIsNamed() {
		assertThat(problems(new RefreshProperties(Duration.ofSeconds(-30), Duration.ofSeconds(10),
				Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(10),
				Duration.ofSeconds(2))))
			.singleElement()
			.satisfies(problem -> assertThat(problem).startsWith("sessiongate.refresh.skew is negative"));
	}

	@Test
	void validateWhenANestedOrListedSettingIsNegativeThenItsFullKeyIsNamed() {
		SessionProperties session = new SessionProperties(new Cookie("SG_SESSION", true, "Lax"), Duration.ofMinutes(-1),
				Duration.ofHours(12), List.of(new SealingKey("k1", KEY)), NEAR_CACHE);

		assertThat(problems(session)).singleElement()
			.satisfies(problem -> assertThat(problem).startsWith("sessiongate.session.idle-timeout is negative"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "idp.example.com/realms/acme", "ftp://idp.example.com/realms/acme", "https:///realms/acme",
			"https://user:password@idp.example.com", "https://idp.example.com/realms/acme?x=1",
			"https://idp.example.com/realms/acme#top" })
	void validateWhenTheIssuerUriLooksUnreachableThenItIsNamedButNotQuoted(String issuer) {
		assertThat(problems(oidc(issuer))).singleElement().satisfies(problem -> {
			assertThat(problem).startsWith("sessiongate.oidc.issuer-uri ");
			assertThat(problem).doesNotContain("password", "idp.example.com");
		});
	}

	@Test
	void validateWhenAHostPrefixedCookieIsNotSecureThenSecureIsNamed() {
		assertThat(problems(session(new Cookie("__Host-SG_SESSION", false, "Lax"), List.of(new SealingKey("k1", KEY)))))
			.singleElement()
			.satisfies(problem -> assertThat(problem).startsWith("sessiongate.session.cookie.secure is false")
				.contains("__Host-"));
	}

	@Test
	void validateWhenCookieSettingsBreakOtherBrowserRulesThenEachIsNamed() {
		assertThat(problems(session(new Cookie("__Secure-SG", false, "None"), List.of(new SealingKey("k1", KEY)))))
			.hasSize(2);
		assertThat(problems(session(new Cookie("SG SESSION", true, "Sometimes"), List.of(new SealingKey("k1", KEY)))))
			.extracting(problem -> problem.substring(0, problem.indexOf(' ')))
			.containsExactly("sessiongate.session.cookie.name", "sessiongate.session.cookie.same-site");
	}

	@Test
	void validateWhenASealingKeyIsBadThenItsIndexAndIdAreNamedButNeverItsSecret() {
		String short16 = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());
		List<SealingKey> keys = List.of(new SealingKey("k2", KEY), new SealingKey("k1", short16),
				new SealingKey("k0", "not*base64!"), new SealingKey("k2", KEY));

		List<String> problems = problems(session(new Cookie("SG_SESSION", true, "Lax"), keys));

		assertThat(problems).containsExactly("sessiongate.session.keys[1].secret of key 'k1' decodes to 16 bytes, not 32",
				"sessiongate.session.keys[2].secret of key 'k0' is not base64",
				"sessiongate.session.keys[3].id repeats the id 'k2'");
		assertThat(String.join("\n", problems)).doesNotContain(short16, "not*base64!", KEY);
	}

	private List<String> problems(Object settings) {
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(settings, "settings");
		assertThat(this.validator.supports(settings.getClass())).isTrue();
		this.validator.validate(settings, errors);
		return errors.getGlobalErrors().stream().filter(SettingProblems::isProblem).map(SettingsValidatorTests::text).toList();
	}

	private static String text(ObjectError error) {
		Object[] arguments = error.getArguments();
		assertThat(arguments).as(Arrays.toString(arguments)).hasSize(3);
		return arguments[0] + " " + arguments[1];
	}

	private static SessionProperties session(Cookie cookie, List<SealingKey> keys) {
		return new SessionProperties(cookie, Duration.ofMinutes(30), Duration.ofHours(12), keys, NEAR_CACHE);
	}

	private static OidcProperties oidc(String issuer) {
		return OidcProperties.of(URI.create(issuer), "gateway", "secret", false);
	}

}
