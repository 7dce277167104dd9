package dev.sessiongate.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a refreshed access token expires, as the gateway reckons it: an answer that arrives late
 * must not make the token look fresher than its own {@code exp} says.
 */
class TokenEndpointExpiryTests {

	private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	private static final RSAKey KEY = StubIdp.rsaKey();

	@Test
	void refreshWhenExpiresInOutlastsTheJwtsExpThenTheExpWins() {
		String jwt = jwt(NOW.minusSeconds(2).plusSeconds(5));

		TokenResponse response = client(jwt, "5").refresh("refresh-token").block(Duration.ofSeconds(5));

		assertThat(response.tokens().accessTokenExpiresAt()).isEqualTo(NOW.plusSeconds(3));
	}

	@Test
	void refreshWhenExpiresInIsTheEarlierThenItWins() {
		String jwt = jwt(NOW.plusSeconds(3600));

		TokenResponse response = client(jwt, "300").refresh("refresh-token").block(Duration.ofSeconds(5));

		assertThat(response.tokens().accessTokenExpiresAt()).isEqualTo(NOW.plusSeconds(300));
	}

	@Test
	void refreshWhenTheTokenIsOpaqueThenExpiresInAlone() {
		TokenResponse response = client("opaque-token", "60").refresh("refresh-token").block(Duration.ofSeconds(5));

		assertThat(response.tokens().accessTokenExpiresAt()).isEqualTo(NOW.plusSeconds(60));
	}

	private static String jwt(Instant exp) {
		return StubIdp.sign(KEY, new JWTClaimsSet.Builder().subject("alice").expirationTime(Date.from(exp)).build());
	}

	private static TokenEndpointClient client(String accessToken, String expiresIn) {
		String body = "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
				+ ",\"refresh_token\":\"next\"}";
		WebClient web = WebClient.builder().exchangeFunction(request -> {
			String path = request.url().getPath();
			String json = path.endsWith("/.well-known/openid-configuration")
					? "{\"issuer\":\"" + StubIdp.ISSUER + "\",\"authorization_endpoint\":\"" + StubIdp.ISSUER
							+ "/authorize\",\"token_endpoint\":\"" + StubIdp.ISSUER + "/token\",\"jwks_uri\":\""
							+ StubIdp.ISSUER + "/jwks\"}"
					: body;
			return Mono.just(ClientResponse.create(HttpStatus.OK).header("Content-Type", "application/json").body(json).build());
		}).build();
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		return new TokenEndpointClient(web, new ProviderMetadataSource(StubIdp.PROPERTIES, web, clock),
				StubIdp.PROPERTIES, clock);
	}

}
