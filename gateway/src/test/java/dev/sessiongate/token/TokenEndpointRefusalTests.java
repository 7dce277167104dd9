package dev.sessiongate.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The IdP refuses the gateway's own client at a code exchange ({@code invalid_client}: a wrong secret, say). The
 * contract's answer stays {@code identity_provider_unavailable}; the log says what the IdP said and which settings to
 * check, in a line of its own, and never the secret or the IdP's free text.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenEndpointRefusalTests {

	private static final String SECRET = "not-the-registered-secret-7f3a";

	@Test
	void exchangeCodeWhenTheIdpRefusesTheClientThenUnavailableAndOneLineNamesTheCodeAndTheSettings(
			CapturedOutput output) {
		IdentityProviderException failure = catchThrowableOfType(IdentityProviderException.class,
				() -> client().exchangeCode("code", "https://gw.test/auth/callback", "v".repeat(43))
					.block(Duration.ofSeconds(5)));

		assertThat(failure.kind()).isEqualTo(IdentityProviderException.Kind.UNAVAILABLE);
		List<String> lines = output.getOut().lines().filter(line -> line.contains("refused this gateway's client")).toList();
		assertThat(lines).singleElement()
			.asString()
			.contains("401 invalid_client", "client_secret_basic", "sessiongate.oidc.client-secret")
			.doesNotContain(SECRET, "Client secret was", "Basic ");
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	private static TokenEndpointClient client() {
		OidcProperties properties = OidcProperties.of(URI.create(StubIdp.ISSUER), "gateway", SECRET, false);
		WebClient web = WebClient.builder().exchangeFunction(request -> {
			if (request.url().getPath().endsWith("/.well-known/openid-configuration")) {
				return Mono.just(json(HttpStatus.OK, StubIdp.discovery(StubIdp.ISSUER, "\"RS256\"")));
			}
			// Keycloak's words for a wrong secret; free text the gateway must not repeat.
			return Mono.just(json(HttpStatus.UNAUTHORIZED,
					"{\"error\":\"invalid_client\",\"error_description\":\"Client secret was " + SECRET + "\"}"));
		}).build();
		Clock clock = Clock.systemUTC();
		return new TokenEndpointClient(new ProviderMetadataSource(properties, web, clock),
				new ClientCredentials(properties, new IdpClients(web, web), clock), properties,
				new TokenResponses(clock, TokenLifetimeProperties.defaults()));
	}

	private static ClientResponse json(HttpStatus status, String body) {
		return ClientResponse.create(status).header("Content-Type", "application/json").body(body).build();
	}

}
