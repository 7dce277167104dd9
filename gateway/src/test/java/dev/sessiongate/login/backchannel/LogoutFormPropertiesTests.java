package dev.sessiongate.login.backchannel;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@link LogoutForm} fed hostile bodies and content types: a token, or {@code invalid_request}; nothing else. */
class LogoutFormPropertiesTests {

	@Property(tries = 400)
	void formBodyYieldsOneTokenOrInvalidRequest(@ForAll("formBodies") String body) {
		Throwable thrown = catchThrowable(() -> assertThat(LogoutForm.logoutToken(body)).isNotEmpty());

		if (thrown != null) {
			assertThat(thrown).isInstanceOf(GatewayErrorException.class);
			assertThat(((GatewayErrorException) thrown).error()).isEqualTo(GatewayError.INVALID_REQUEST);
		}
	}

	@Property(tries = 200)
	void contentTypeIsTheFormOrInvalidRequest(@ForAll("contentTypes") String contentType) {
		Throwable thrown = catchThrowable(() -> LogoutForm.checkContentType(contentType));

		if (thrown != null) {
			assertThat(thrown).isInstanceOf(GatewayErrorException.class);
		}
		else {
			assertThat(contentType.toLowerCase()).contains("application/x-www-form-urlencoded");
		}
	}

	@Provide
	Arbitrary<String> formBodies() {
		Arbitrary<String> names = Arbitraries.of("logout_token", "logout%5Ftoken", "x", "", "%", "%zz", "logout_token%");
		Arbitrary<String> values = Arbitraries.strings().withChars("%=&+.abcXYZ019-_\u00e9\u0000").ofMaxLength(40);
		Arbitrary<String> pair = Arbitraries.oneOf(names.flatMap(name -> values.map(value -> name + "=" + value)),
				names);
		return Arbitraries.oneOf(pair.list().ofMaxSize(5).map(pairs -> String.join("&", pairs)),
				Arbitraries.strings().ofMaxLength(200));
	}

	@Provide
	Arbitrary<String> contentTypes() {
		return Arbitraries.oneOf(
				Arbitraries.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
						"APPLICATION/X-WWW-FORM-URLENCODED", "application/json", "text/plain", "multipart/form-data",
						"application/x-www-form-urlencoded;charset=\"", "/", ";", "", "*/*"),
				Arbitraries.strings().ofMaxLength(60));
	}

}
