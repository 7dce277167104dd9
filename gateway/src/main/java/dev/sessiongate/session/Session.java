package dev.sessiongate.session;

import java.time.Instant;

import dev.sessiongate.token.TokenSet;

/**
 * A signed-in user's session as stored in Redis. Every update increments
 * {@link #version()}, which guards updates against each other.
 *
 * @param id the session, named by its cookie
 * @param version incremented by every update
 * @param subject the user's {@code sub}
 * @param claimsJson the ID token's claims (JSON), shown by {@code GET /auth/session}
 * @param tokens the session's tokens
 * @param createdAt login time
 * @param lastSeenAt last request, updated at most every few seconds (sliding idle timeout)
 * @param expiresAt the absolute deadline: createdAt plus the absolute timeout
 * @param tokensObtainedAt when the gateway received {@code tokens} (login or last refresh)
 */
public record Session(SessionId id, long version, String subject, String claimsJson, TokenSet tokens,
		Instant createdAt, Instant lastSeenAt, Instant expiresAt, Instant tokensObtainedAt) {

	/** A session whose tokens are as old as the session. */
	public Session(SessionId id, long version, String subject, String claimsJson, TokenSet tokens, Instant createdAt,
			Instant lastSeenAt, Instant expiresAt) {
		this(id, version, subject, claimsJson, tokens, createdAt, lastSeenAt, expiresAt, createdAt);
	}

	/** This session with new tokens obtained at {@code obtainedAt}, as the store's next version will hold it. */
	public Session withTokens(TokenSet next, Instant obtainedAt) {
		return withTokens(next, obtainedAt, this.claimsJson);
	}

	/** This session with new tokens, and the claims that come with them. */
	public Session withTokens(TokenSet next, Instant obtainedAt, String nextClaimsJson) {
		return new Session(this.id, this.version + 1, this.subject, nextClaimsJson, next, this.createdAt,
				this.lastSeenAt, this.expiresAt, obtainedAt);
	}

	@Override
	public String toString() {
		return "Session[" + this.id + ", version=" + this.version + ", " + this.tokens + ", expiresAt="
				+ this.expiresAt + "]";
	}

}
