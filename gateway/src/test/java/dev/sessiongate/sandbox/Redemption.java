package dev.sessiongate.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * What presenting a refresh token led to.
 */
sealed interface Redemption permits Redemption.Redeemed, Redemption.Reused, Redemption.Rejected {

	/**
	 * Valid; {@code refreshToken} is the rotated successor, null when rotation is off.
	 */
	record Redeemed(RefreshTokenFamily family, @Nullable String refreshToken) implements Redemption {
	}

	/**
	 * An already rotated token came back: the family is now revoked.
	 */
	record Reused(RefreshTokenFamily family) implements Redemption {
	}

	/**
	 * Unknown, malformed, or of a revoked family.
	 */
	record Rejected() implements Redemption {
	}

}
