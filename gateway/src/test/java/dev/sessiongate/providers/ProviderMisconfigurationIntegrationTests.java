package dev.sessiongate.providers;

import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.sessiongate.sandbox.IdTokenFlaw;
import dev.sessiongate.sandbox.MutableClock;
import dev.sessiongate.sandbox.Quirks;
import dev.sessiongate.sandbox.SandboxIdp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What goes wrong when gateway and provider disagree, answered as the contract says and with nothing stored: a
 * client key the IdP does not know and an expired assertion (the IdP says {@code invalid_client}: 503, a
 * configuration problem the log names), PAR refused either way, and an ID token signed with an algorithm the IdP
 * does not advertise (400).
 */
class ProviderMisconfigurationIntegrationTests {

	@Test
	void loginWhenTheClientKeyIsNotTheRegisteredOneThenIdentityProviderUnavailableAndNoSession() throws JOSEException {
		SandboxIdp.Settings idp = SandboxIdp.Settings.defaults()
			.withClientAuthMethod("private_key_jwt")
			.withQuirks(Quirks.none().withClientKey(ProviderKindsIntegrationTests.CLIENT_KEY));
		String otherKey = new ECKeyGenerator(Curve.P_256).keyID("gateway-test-key").generate().toJSONString();
		try (ProviderStack stack = ProviderStack.start(idp, Map.of("sessiongate.oidc.client-key", otherKey), null)) {
			stack.expectError(stack.appLogin(), 503, "identity_provider_unavailable");

			assertThat(stack.idp().tokenRequests()).isEqualTo(1);
		}
	}

	@Test
	void loginWhenTheAssertionHasExpiredOnArrivalThenIdentityProviderUnavailable() {
		// The gateway's clock runs ten minutes behind the IdP's: its 60-second assertions arrive expired.
		MutableClock behind = MutableClock.startingNow();
		behind.advance(Duration.ofMinutes(-10));
		SandboxIdp.Settings idp = SandboxIdp.Settings.defaults()
			.withClientAuthMethod("private_key_jwt")
			.withQuirks(Quirks.none().withClientKey(ProviderKindsIntegrationTests.CLIENT_KEY));
		try (ProviderStack stack = ProviderStack.start(idp,
				Map.of("sessiongate.oidc.client-key", ProviderKindsIntegrationTests.CLIENT_KEY.toJSONString(),
						"sessiongate.oidc.client-authentication", "private_key_jwt"),
				behind)) {
			stack.expectError(stack.appLogin(), 503, "identity_provider_unavailable");
		}
	}

	@Test
	void loginWhenTheIdpRequiresParButTheGatewayDoesNotPushThenTheIdpsRefusalIsInvalidRequest() {
		SandboxIdp.Settings idp = SandboxIdp.Settings.defaults()
			.withQuirks(Quirks.none().withPushedAuthorizationRequired());
		try (ProviderStack stack = ProviderStack.start(idp,
				Map.of("sessiongate.oidc.pushed-authorization-requests", "off"), null)) {
			stack.expectError(stack.browserLogin(), 400, "invalid_request");

			assertThat(stack.idp().tokenRequests()).isZero();
		}
	}

	@Test
	void loginWhenThePushedRequestIsRefusedThenIdentityProviderUnavailable() {
		SandboxIdp.Settings idp = SandboxIdp.Settings.defaults()
			.withQuirks(Quirks.none().withPushedAuthorizationRequired());
		try (ProviderStack stack = ProviderStack.start(idp,
				Map.of("sessiongate.oidc.client-secret", "not-the-registered-secret"), null)) {
			stack.expectError(stack.client().get().uri("/auth/login").exchange(), 503, "identity_provider_unavailable");
			stack.expectError(stack.client().post().uri("/auth/login/start").header("X-CSRF", "1").exchange(), 503,
					"identity_provider_unavailable");
		}
	}

	@Test
	void loginWhenTheIdTokenIsSignedWithAnAlgorithmTheIdpDoesNotAdvertiseThenInvalidRequest() {
		try (ProviderStack stack = ProviderStack.start(SandboxIdp.Settings.defaults(), Map.of(), null)) {
			stack.idp().nextIdTokenFlaw(IdTokenFlaw.UNADVERTISED_ALGORITHM);

			stack.expectError(stack.browserLogin(), 400, "invalid_request");
		}
	}

}
