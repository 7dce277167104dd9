package dev.sessiongate.login;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.session.SessionProperties;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import static dev.sessiongate.login.HostileText.joined;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.characters;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * The classes that read what a client sends at login, fed hostile text: each either
 * answers or refuses with {@code invalid_request}; nothing else escapes, and what
 * {@link ReturnTo} accepts never leads off the site, however often it is decoded.
 */
class HostileParsingPropertiesTests {

	private static final LoginTransactionSeal SEAL = new LoginTransactionSeal(
			List.of(new SessionProperties.SealingKey("k1", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")));

	@Test
	void returnToIsAcceptedAsGivenOrRefusedAsInvalidRequest() {
		qt().withExamples(400).forAll(hostileText()).checkAssert(returnTo -> {
			String[] accepted = new String[1];
			Throwable thrown = catchThrowable(() -> accepted[0] = ReturnTo.validate(returnTo));

			if (thrown == null) {
				assertThat(accepted[0]).isIn(returnTo, ReturnTo.DEFAULT);
				assertStaysOnSite(accepted[0]);
			}
			else {
				assertInvalidRequest(thrown);
			}
		});
	}

	@Test
	void callbackUrlIsReadOrRefusedAsInvalidRequest() {
		qt().withExamples(300).forAll(callbackUrls()).checkAssert(url -> {
			Throwable thrown = catchThrowable(() -> CallbackUrl.parse(url));

			if (thrown != null) {
				assertInvalidRequest(thrown);
			}
		});
	}

	@Test
	void loginCookieThatIsNotOursNeverOpens() {
		qt().withExamples(300).forAll(hostileText()).checkAssert(value -> assertThat(SEAL.open(value)).isNull());
	}

	@Test
	void tamperedLoginCookieNeverOpensToSomethingElse() {
		qt().withExamples(300)
			.forAll(integers().between(0, 4000), characters().basicMultilingualPlane())
			.checkAssert((position, replacement) -> {
				String sealed = SEAL.seal(transaction().toClaims());
				int at = position % sealed.length();
				String tampered = sealed.substring(0, at) + replacement + sealed.substring(at + 1);

				Map<String, Object> opened = SEAL.open(tampered);

				// Base64url may carry unused bits in a segment's last character: the same bytes are fine.
				if (opened != null) {
					assertThat(LoginTransaction.fromClaims(opened)).isEqualTo(transaction());
				}
			});
	}

	private static Gen<String> hostileText() {
		Gen<String> alphabet = HostileText.over("/\\%25:?#&=@.;+ \t\r\n\u0000\u2028abcAZ09-_~", 80);
		Gen<String> encodings = joined(arbitrary().pick("/", "//", "/\\", "%2F", "%252F", "%25252F", "%5C", "%2f",
				"%0d%0a", "%00", "%", "%z", "%C0%AF", "%E2%80%A8", "https:", "javascript:", "evil.example", "a", "?x=1",
				"#f"), 8, "");
		return oneOf(alphabet, encodings, HostileText.any(600), encodings.map(tail -> "/" + tail));
	}

	/** Two in a hundred are {@code null}: an app request without {@code callback_url}. */
	private static Gen<String> callbackUrls() {
		Gen<String> parameter = HostileText.pairs(
				arbitrary().pick("code", "state", "iss", "error", "x", "", "%", "%zz", "code%3D"), hostileText());
		Gen<String> queries = joined(parameter, 6, "&").map(query -> "dev.sessiongate.test:/oauth2redirect?" + query);
		return oneOf(queries, arbitrary().pick("", "?", "#?code=1", "x?#", "?&&&=", "?=&="), hostileText())
			.toOptionals(2)
			.map(url -> url.orElse(null));
	}

	private static LoginTransaction transaction() {
		return new LoginTransaction(LoginTransaction.Flow.BROWSER, "state-1", "verifier-1", "nonce-1",
				"https://gw.example/auth/callback", "/orders", Instant.ofEpochSecond(2_000_000_000L));
	}

	/** Neither the value nor any decoding of it names another site or carries a control character. */
	private static void assertStaysOnSite(String path) {
		String decoded = path;
		for (int round = 0; round < 5; round++) {
			assertThat(decoded).startsWith("/").doesNotStartWith("//").doesNotStartWith("/\\");
			assertThat(decoded.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\')).isTrue();
			try {
				decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return;
			}
		}
	}

	private static void assertInvalidRequest(Throwable thrown) {
		assertThat(thrown).isInstanceOf(GatewayErrorException.class);
		assertThat(((GatewayErrorException) thrown).error()).isEqualTo(GatewayError.INVALID_REQUEST);
		assertThat(thrown.getMessage()).isNotBlank();
	}

}
