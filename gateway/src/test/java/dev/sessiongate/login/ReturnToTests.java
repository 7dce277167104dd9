package dev.sessiongate.login;

import dev.sessiongate.error.GatewayErrorException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ReturnTo}: local paths pass as given, everything that could leave the site is refused. */
class ReturnToTests {

	@ParameterizedTest
	@ValueSource(strings = { "/", "/orders", "/orders/7?tab=items&sort=-date", "/search?q=a+b", "/a/b#section",
			"/caf%C3%A9", "/path%20with%20space", "/@user" })
	void validateWhenLocalPathThenKeptAsGiven(String path) {
		assertThat(ReturnTo.validate(path)).isEqualTo(path);
	}

	@ParameterizedTest
	@NullAndEmptySource
	void validateWhenAbsentThenRoot(String absent) {
		assertThat(ReturnTo.validate(absent)).isEqualTo("/");
	}

	@ParameterizedTest
	@ValueSource(strings = { "//evil.example", "///evil.example", "/\\evil.example", "\\/evil.example",
			"https://evil.example", "HTTPS://evil.example", "http:evil.example", "javascript:alert(1)", "evil.example",
			"./x", "/%2F%2Fevil.example", "/%2f/evil.example", "%2F%2Fevil.example", "/%5Cevil.example", "/a%5cb",
			"/%252F%252Fevil.example", "/%25252F%25252Fevil.example", "/\tevil", "/%09/evil", "/%0D%0ASet-Cookie:x",
			"/x\ny", "/ x", "/\u0000", "/%00", "/%zz", "/\u2028", "/%E2%80%A8", "/%2525252F%2525252Fevil.example",
			"/%252525252F", "/%25252525" })
	void validateWhenItCouldLeaveTheSiteThenRejected(String returnTo) {
		assertThatThrownBy(() -> ReturnTo.validate(returnTo)).isInstanceOf(GatewayErrorException.class)
			.hasMessageContaining("return_to");
	}

	@ParameterizedTest
	@ValueSource(ints = { 512, 2049, 10_000 })
	void validateWhenTooLongThenRejected(int length) {
		assertThatThrownBy(() -> ReturnTo.validate("/" + "a".repeat(length))).isInstanceOf(GatewayErrorException.class);
	}

	@org.junit.jupiter.api.Test
	void validateWhenAtTheLengthCapThenKept() {
		String longest = "/" + "a".repeat(ReturnTo.MAX_LENGTH - 1);

		assertThat(ReturnTo.validate(longest)).isEqualTo(longest);
	}

	@org.junit.jupiter.api.Test
	void validateWhenEncodedThreeTimesOverThenEveryRoundChecked() {
		// Three rounds of decoding end at /a/b: accepted. A fourth layer is never trusted.
		assertThat(ReturnTo.validate("/a%25252Fb")).isEqualTo("/a%25252Fb");
		assertThatThrownBy(() -> ReturnTo.validate("/a%2525252Fb")).isInstanceOf(GatewayErrorException.class);
	}

}
