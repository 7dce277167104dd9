package dev.sessiongate.login;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.session.SessionProperties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The classes that read what a client sends at login, fed hostile text: each either
 * answers or refuses with {@code invalid_request}; nothing else escapes, and what
 * {@link ReturnTo} accepts never leads off the site, however often it is decoded.
 */
class HostileParsingPropertiesTests {

	private static final LoginTransactionSeal SEAL = new LoginTransactionSeal(
			List.of(new SessionProperties.SealingKey("k1", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")));

	@Property(tries = 400)
	void returnToIsAcceptedAsGivenOrRefusedAsInvalidRequest(@ForAll("hostileText") String returnTo) {
		String[] accepted = new String[1];
		Throwable thrown = catchThrowable(() -> accepted[0] = ReturnTo.validate(returnTo));

		if (thrown == null) {
			assertThat(accepted[0]).isIn(returnTo, ReturnTo.DEFAULT);
			assertStaysOnSite(accepted[0]);
		}
		else {
			assertInvalidRequest(thrown);
		}
	}

	@Property(tries = 300)
	void callbackUrlIsReadOrRefusedAsInvalidRequest(@ForAll("callbackUrls") String url) {
		Throwable thrown = catchThrowable(() -> CallbackUrl.parse(url));

		if (thrown != null) {
			assertInvalidRequest(thrown);
		}
	}

	@Property(tries = 300)
	void loginCookieThatIsNotOursNeverOpens(@ForAll("hostileText") String value) {
		assertThat(SEAL.open(value)).isNull();
	}

	@Property(tries = 300)
	void tamperedLoginCookieNeverOpensToSomethingElse(@ForAll("positions") int position, @ForAll char replacement) {
		Map<String, Object> claims = transaction().toClaims();
		String sealed = SEAL.seal(claims);
		int at = position % sealed.length();
		String tampered = sealed.substring(0, at) + replacement + sealed.substring(at + 1);

		Map<String, Object> opened = SEAL.open(tampered);

		// Base64url may carry unused bits in a segment's last character: the same bytes are fine.
		if (opened != null) {
			assertThat(LoginTransaction.fromClaims(opened)).isEqualTo(transaction());
		}
	}

	@Provide
	Arbitrary<String> hostileText() {
		Arbitrary<String> alphabet = Arbitraries.strings()
			.withChars("/\\%25:?#&=@.;+ \t\r\n\u0000\u2028abcAZ09-_~")
			.ofMaxLength(80);
		Arbitrary<String> encodings = Arbitraries.of("/", "//", "/\\", "%2F", "%252F", "%25252F", "%5C", "%2f", "%0d%0a",
				"%00", "%", "%z", "%C0%AF", "%E2%80%A8", "https:", "javascript:", "evil.example", "a", "?x=1", "#f")
			.list()
			.ofMaxSize(8)
			.map(parts -> String.join("", parts));
		return Arbitraries.oneOf(alphabet, encodings, Arbitraries.strings().ofMaxLength(600),
				encodings.map(tail -> "/" + tail));
	}

	@Provide
	Arbitrary<String> callbackUrls() {
		Arbitrary<String> parameter = Arbitraries.of("code", "state", "iss", "error", "x", "", "%", "%zz", "code%3D")
			.flatMap(name -> hostileText().map(value -> name + "=" + value));
		Arbitrary<String> queries = parameter.list()
			.ofMaxSize(6)
			.map(parameters -> "dev.sessiongate.test:/oauth2redirect?" + String.join("&", parameters));
		return Arbitraries.oneOf(queries, Arbitraries.of("", "?", "#?code=1", "x?#", "?&&&=", "?=&="),
				hostileText()).injectNull(0.02);
	}

	@Provide
	Arbitrary<Integer> positions() {
		return Arbitraries.integers().between(0, 4000);
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
