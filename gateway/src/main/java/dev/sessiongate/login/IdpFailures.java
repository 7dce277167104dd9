package dev.sessiongate.login;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.token.IdentityProviderException;

/** The contract's answer when the IdP fails during a login or logout step. */
final class IdpFailures {

	private IdpFailures() {
	}

	static Throwable unavailable(IdentityProviderException failure) {
		return GatewayError.IDENTITY_PROVIDER_UNAVAILABLE.exception("The identity provider could not be reached");
	}

}
