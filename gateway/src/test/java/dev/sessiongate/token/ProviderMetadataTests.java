package dev.sessiongate.token;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ProviderMetadata}: a discovery document is trusted only for the configured issuer, over https. */
class ProviderMetadataTests {

	private static final String ISSUER = "https://idp.example/realms/acme";

	@Test
	void parseWhenIssuerAndEndpointsMatchThenRead() throws ParseException {
		ProviderMetadata metadata = ProviderMetadata.parse(document(ISSUER, "https", true), properties(ISSUER, false));

		assertThat(metadata.issuer()).isEqualTo(ISSUER);
		assertThat(metadata.issuerInAuthorizationResponse()).isTrue();
	}

	@Test
	void parseWhenIssuerDiffersEvenByATrailingSlashThenRefused() {
		assertThatThrownBy(() -> ProviderMetadata.parse(document(ISSUER + "/", "https", false), properties(ISSUER, false)))
			.isInstanceOf(ParseException.class);
		assertThatThrownBy(() -> ProviderMetadata.parse(document("https://evil.example", "https", false),
				properties(ISSUER, false)))
			.isInstanceOf(ParseException.class);
	}

	@Test
	void parseWhenAnEndpointIsPlainHttpThenRefusedUnlessAllowed() throws ParseException {
		assertThatThrownBy(() -> ProviderMetadata.parse(document(ISSUER, "http", false), properties(ISSUER, false)))
			.isInstanceOf(ParseException.class)
			.hasMessageContaining("allow-insecure-http");
		assertThat(ProviderMetadata.parse(document(ISSUER, "http", false), properties(ISSUER, true))).isNotNull();
	}

	@Test
	void acceptsAuthorizationResponseIssuerWhenPresentMustMatchAndWhenAdvertisedIsRequired() throws ParseException {
		ProviderMetadata advertised = ProviderMetadata.parse(document(ISSUER, "https", true), properties(ISSUER, false));
		ProviderMetadata silent = ProviderMetadata.parse(document(ISSUER, "https", false), properties(ISSUER, false));

		assertThat(advertised.acceptsAuthorizationResponseIssuer(ISSUER)).isTrue();
		assertThat(advertised.acceptsAuthorizationResponseIssuer(null)).isFalse();
		assertThat(advertised.acceptsAuthorizationResponseIssuer("https://evil.example")).isFalse();
		assertThat(silent.acceptsAuthorizationResponseIssuer(null)).isTrue();
		assertThat(silent.acceptsAuthorizationResponseIssuer(ISSUER)).isTrue();
		assertThat(silent.acceptsAuthorizationResponseIssuer(ISSUER + "/")).isFalse();
	}

	private static String document(String issuer, String endpointScheme, boolean issParameter) {
		String base = endpointScheme + "://idp.example/realms/acme/protocol";
		return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + base + "/auth\",\"token_endpoint\":\""
				+ base + "/token\",\"jwks_uri\":\"https://idp.example/certs\",\"end_session_endpoint\":\"" + base
				+ "/logout\",\"authorization_response_iss_parameter_supported\":" + issParameter + "}";
	}

	private static OidcProperties properties(String issuer, boolean allowInsecureHttp) {
		return new OidcProperties(URI.create(issuer), "gateway", "secret", List.of("openid"), null, List.of(), null,
				Duration.ofSeconds(1), Duration.ofSeconds(1), allowInsecureHttp);
	}

}
