package dev.sessiongate.token;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import dev.sessiongate.token.OidcProperties.AssertionAudience;
import dev.sessiongate.token.OidcProperties.ClientAuthenticationMethod;
import dev.sessiongate.token.OidcProperties.PushedAuthorizationRequests;
import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whom a {@code private_key_jwt} assertion is addressed to at each endpoint. By default the token endpoint, at the
 * revocation and PAR endpoints too: Keycloak accepts its issuer, token, introspection and PAR URLs, never its
 * revocation URL, and RFC 9126 has every PAR endpoint accept the token endpoint's URL.
 */
class ClientAssertionAudienceTests {

	private static final String ISSUER = "https://idp.test/realms/acme";

	private static final URI TOKEN = URI.create(ISSUER + "/protocol/openid-connect/token");

	private static final URI REVOCATION = URI.create(ISSUER + "/protocol/openid-connect/revoke");

	private static final URI PAR = URI.create(ISSUER + "/protocol/openid-connect/ext/par/request");

	private static final RSAKey KEY = StubIdp.rsaKey();

	@Test
	void assertionWhenNotConfiguredThenTheTokenEndpointAtEveryEndpoint() throws Exception {
		assertThat(audience(null, TOKEN)).containsExactly(TOKEN.toString());
		assertThat(audience(null, REVOCATION)).containsExactly(TOKEN.toString());
		assertThat(audience(null, PAR)).containsExactly(TOKEN.toString());
	}

	@Test
	void assertionWhenEndpointThenTheUrlItIsSentTo() throws Exception {
		assertThat(audience(AssertionAudience.ENDPOINT, REVOCATION)).containsExactly(REVOCATION.toString());
	}

	@Test
	void assertionWhenIssuerThenTheIssuerEverywhere() throws Exception {
		assertThat(audience(AssertionAudience.ISSUER, TOKEN)).containsExactly(ISSUER);
		assertThat(audience(AssertionAudience.ISSUER, REVOCATION)).containsExactly(ISSUER);
	}

	private static List<String> audience(AssertionAudience mode, URI endpoint) throws Exception {
		OidcProperties properties = new OidcProperties(URI.create(ISSUER), "gateway", null, List.of("openid"), null,
				List.of(), null, Duration.ofSeconds(2), Duration.ofSeconds(5), false, Map.of(), Map.of(),
				ClientAuthenticationMethod.PRIVATE_KEY_JWT, null, KEY.toJSONString(), null, mode, null,
				PushedAuthorizationRequests.AUTO);
		WebClient unused = WebClient.create();
		ClientCredentials credentials = new ClientCredentials(properties, new IdpClients(unused, unused),
				Clock.systemUTC());
		ProviderMetadata provider = ProviderMetadata.parse("{\"issuer\":\"" + ISSUER + "\",\"authorization_endpoint\":\""
				+ ISSUER + "/protocol/openid-connect/auth\",\"token_endpoint\":\"" + TOKEN + "\",\"revocation_endpoint\":\""
				+ REVOCATION + "\",\"pushed_authorization_request_endpoint\":\"" + PAR + "\",\"jwks_uri\":\"" + ISSUER
				+ "/protocol/openid-connect/certs\",\"response_types_supported\":[\"code\"],"
				+ "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}",
				properties);

		PrivateKeyJWT assertion = (PrivateKeyJWT) credentials.authentication(provider, endpoint);

		return assertion.getJWTAuthenticationClaimsSet().getAudience().stream().map(Audience::getValue).toList();
	}

}
