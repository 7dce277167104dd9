package dev.sessiongate.token;

import java.time.Duration;
import java.time.Instant;

/**
 * The tokens of one session. {@link #toString()} prints when they expire and whether a
 * refresh token is held, never a token.
 *
 * @param accessToken the bearer attached to upstream calls
 * @param accessTokenExpiresAt when the access token expires
 * @param refreshToken the refresh token, or null when the IdP issued none
 * @param idToken the last ID token, kept for RP-initiated logout; may be null
 */
public record TokenSet(String accessToken, Instant accessTokenExpiresAt, String refreshToken, String idToken) {

	/** Whether the access token expires within {@code skew} of {@code now}. */
	public boolean expiresWithin(Duration skew, Instant now) {
		return !this.accessTokenExpiresAt.isAfter(now.plus(skew));
	}

	public boolean hasRefreshToken() {
		return this.refreshToken != null;
	}

	/** These tokens after a refresh: a response without a refresh token keeps the old one. */
	public TokenSet refreshedWith(TokenSet response) {
		return new TokenSet(response.accessToken, response.accessTokenExpiresAt,
				(response.refreshToken != null) ? response.refreshToken : this.refreshToken,
				(response.idToken != null) ? response.idToken : this.idToken);
	}

	@Override
	public String toString() {
		return "TokenSet[accessTokenExpiresAt=" + this.accessTokenExpiresAt + ", hasRefreshToken="
				+ hasRefreshToken() + ", hasIdToken=" + (this.idToken != null) + "]";
	}

}
