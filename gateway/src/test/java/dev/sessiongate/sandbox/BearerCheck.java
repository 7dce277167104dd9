package dev.sessiongate.sandbox;

import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;

/**
 * Whether the API accepts the presented bearer token.
 */
sealed interface BearerCheck permits BearerCheck.Valid, BearerCheck.Invalid {

	@Nullable String jti();

	record Valid(JWTClaimsSet claims) implements BearerCheck {

		@Override
		public @Nullable String jti() {
			return this.claims.getJWTID();
		}

	}

	record Invalid(@Nullable String jti) implements BearerCheck {
	}

}
