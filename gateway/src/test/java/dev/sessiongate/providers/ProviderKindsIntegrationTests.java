package dev.sessiongate.providers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.sessiongate.sandbox.MutableClock;
import dev.sessiongate.sandbox.Quirks;
import dev.sessiongate.sandbox.SandboxIdp;
import dev.sessiongate.sandbox.TestCertificates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of provider, end to end through the real gateway: a browser login, an app login, the relay, two
 * refreshes (the second with the refresh token the first left, rotated or not), and a logout that revokes at the
 * IdP. The sandbox IdP and the gateway share a clock that the test moves past the access token's expiry.
 */
class ProviderKindsIntegrationTests {

	/** Past the 300 s access token's 30 s refresh skew. */
	private static final Duration INTO_SKEW = Duration.ofSeconds(290);

	enum Kind {

		/** Google: opaque access tokens, refresh tokens that never rotate, offline access asked for by parameters. */
		OPAQUE_AND_NON_ROTATING {
			@Override
			SandboxIdp.Settings idp() {
				return defaults().withRefreshTokenRotation(false)
					.withQuirks(Quirks.none()
						.withOpaqueAccessTokens()
						.withRequiredParameters(Map.of("access_type", "offline", "prompt", "consent"), Map.of()));
			}

			@Override
			Map<String, Object> gateway() {
				return Map.of("sessiongate.oidc.authorization-parameters.access_type", "offline",
						"sessiongate.oidc.authorization-parameters.prompt", "consent");
			}
		},

		/** Auth0: an audience at the authorization endpoint, a resource at the token endpoint. */
		REQUIRED_AUDIENCE {
			@Override
			SandboxIdp.Settings idp() {
				return defaults().withQuirks(Quirks.none()
					.withRequiredParameters(Map.of("audience", "https://api.example.com"),
							Map.of("resource", "https://api.example.com")));
			}

			@Override
			Map<String, Object> gateway() {
				return Map.of("sessiongate.oidc.authorization-parameters.audience", "https://api.example.com",
						"sessiongate.oidc.token-request-parameters.resource", "https://api.example.com");
			}
		},

		/** Entra ID, Okta: private_key_jwt, chosen from discovery because a key is configured. */
		PRIVATE_KEY_JWT {
			@Override
			SandboxIdp.Settings idp() {
				return defaults().withClientAuthMethod("private_key_jwt")
					.withQuirks(Quirks.none().withClientKey(CLIENT_KEY));
			}

			@Override
			Map<String, Object> gateway() {
				return Map.of("sessiongate.oidc.client-key", CLIENT_KEY.toJSONString());
			}
		},

		/** RFC 8705: the client certificate of an SSL bundle, sent to the mTLS endpoint aliases. */
		TLS_CLIENT_AUTH {
			@Override
			SandboxIdp.Settings idp() {
				return defaults().withClientAuthMethod("tls_client_auth")
					.withQuirks(Quirks.none().withCertificates(PKI));
			}

			@Override
			Map<String, Object> gateway() {
				Map<String, Object> properties = new LinkedHashMap<>(PKI.gatewayBundle("idp-client"));
				properties.put("sessiongate.oidc.client-tls-bundle", "idp-client");
				return properties;
			}
		},

		/** Keycloak's PAR-required clients: the gateway pushes (auto, from discovery). */
		PUSHED_AUTHORIZATION_REQUIRED {
			@Override
			SandboxIdp.Settings idp() {
				return defaults().withQuirks(Quirks.none().withPushedAuthorizationRequired());
			}
		},

		PS256_ID_TOKENS {
			@Override
			SandboxIdp.Settings idp() {
				return defaults().withQuirks(Quirks.none().withIdTokenAlgorithm(JWSAlgorithm.PS256));
			}
		},

		EDDSA_ID_TOKENS {
			@Override
			SandboxIdp.Settings idp() {
				return defaults().withQuirks(Quirks.none().withIdTokenAlgorithm(JWSAlgorithm.EdDSA));
			}
		};

		abstract SandboxIdp.Settings idp();

		Map<String, Object> gateway() {
			return Map.of();
		}

		static SandboxIdp.Settings defaults() {
			return SandboxIdp.Settings.defaults();
		}

	}

	static final ECKey CLIENT_KEY = ecKey();

	static final TestCertificates PKI = TestCertificates.generate();

	@ParameterizedTest
	@EnumSource(Kind.class)
	void everyStepWhenTheProviderIsOfThisKindThenItWorks(Kind kind) {
		MutableClock clock = MutableClock.startingNow();
		try (ProviderStack stack = ProviderStack.start(kind.idp().withClock(clock), kind.gateway(), clock)) {
			stack.browserLogin().expectStatus().isFound().expectHeader().location("/auth/session");
			String session = stack.sessionCookie(stack.appLogin().expectStatus().isOk());
			String loginJti = relay(stack, session);

			clock.advance(INTO_SKEW);
			String refreshedJti = relay(stack, session);
			clock.advance(INTO_SKEW);
			String refreshedAgainJti = relay(stack, session);

			assertThat(stack.idp().refreshCount()).isEqualTo(2);
			assertThat(stack.idp().reuseDetections()).isZero();
			assertThat(refreshedJti).isNotEqualTo(loginJti);
			assertThat(refreshedAgainJti).isNotEqualTo(refreshedJti);
			logout(stack, session);
			assertThat(stack.idp().revocations()).isEqualTo(1);
		}
	}

	/** A relayed call; the API accepted the token: its {@code jti}. */
	private static String relay(ProviderStack stack, String session) {
		Map<?, ?> answer = stack.client()
			.get()
			.uri("/api/orders")
			.cookie(stack.cookieName(), session)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(answer.get("sub")).isEqualTo("alice");
		return (String) answer.get("jti");
	}

	private static void logout(ProviderStack stack, String session) {
		WebTestClient client = stack.client();
		client.post()
			.uri("/auth/logout")
			.header("X-CSRF", "1")
			.cookie(stack.cookieName(), session)
			.exchange()
			.expectStatus()
			.isOk();
		client.get().uri("/auth/session").cookie(stack.cookieName(), session).exchange().expectStatus().isUnauthorized();
	}

	private static ECKey ecKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID("gateway-test-key").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
