package dev.sessiongate.sandbox;

/**
 * Tokens issued directly by {@link SandboxIdp#issueTokens(String)}; one login, one refresh-token family.
 */
public record SandboxTokens(String accessToken, String refreshToken, String idToken, long expiresIn, String sid,
		String subject) {

	// Token values never reach logs or assertion messages.
	@Override
	public String toString() {
		return "SandboxTokens[sid=" + this.sid + ", subject=" + this.subject + ", expiresIn=" + this.expiresIn + "]";
	}

}
