package dev.sessiongate.login.backchannel;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.login.HostileText;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.SourceDSL.arbitrary;

/** {@link LogoutForm} fed hostile bodies and content types: a token, or {@code invalid_request}; nothing else. */
class LogoutFormPropertiesTests {

	@Test
	void formBodyYieldsOneTokenOrInvalidRequest() {
		qt().withExamples(400).forAll(formBodies()).checkAssert(body -> {
			Throwable thrown = catchThrowable(() -> assertThat(LogoutForm.logoutToken(body)).isNotEmpty());

			if (thrown != null) {
				assertThat(thrown).isInstanceOf(GatewayErrorException.class);
				assertThat(((GatewayErrorException) thrown).error()).isEqualTo(GatewayError.INVALID_REQUEST);
			}
		});
	}

	@Test
	void contentTypeIsTheFormOrInvalidRequest() {
		qt().withExamples(200).forAll(contentTypes()).checkAssert(contentType -> {
			Throwable thrown = catchThrowable(() -> LogoutForm.checkContentType(contentType));

			if (thrown != null) {
				assertThat(thrown).isInstanceOf(GatewayErrorException.class);
			}
			else {
				assertThat(contentType.toLowerCase()).contains("application/x-www-form-urlencoded");
			}
		});
	}

	private static Gen<String> formBodies() {
		Gen<String> names = arbitrary().pick("logout_token", "logout%5Ftoken", "x", "", "%", "%zz", "logout_token%");
		Gen<String> values = HostileText.over("%=&+.abcXYZ019-_\u00e9\u0000", 40);
		Gen<String> pair = oneOf(HostileText.pairs(names, values), names);
		return oneOf(HostileText.joined(pair, 5, "&"), HostileText.any(200));
	}

	private static Gen<String> contentTypes() {
		return oneOf(
				arbitrary().pick("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
						"APPLICATION/X-WWW-FORM-URLENCODED", "application/json", "text/plain", "multipart/form-data",
						"application/x-www-form-urlencoded;charset=\"", "/", ";", "", "*/*"),
				HostileText.any(60));
	}

}
