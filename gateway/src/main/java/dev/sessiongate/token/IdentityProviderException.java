package dev.sessiongate.token;

/**
 * The IdP answered a token request with a failure. {@link Kind#INVALID_GRANT} is final
 * for the refresh token; {@link Kind#INVALID_REQUEST} means the IdP found the request
 * malformed (at login: a code that does not fit); {@link Kind#UNAVAILABLE} is worth trying
 * again later. No stack trace: an IdP outage makes many of these.
 */
public final class IdentityProviderException extends RuntimeException {

	public enum Kind {

		INVALID_GRANT, INVALID_REQUEST, UNAVAILABLE

	}

	private final Kind kind;

	private IdentityProviderException(Kind kind, String message) {
		super(message, null, false, false);
		this.kind = kind;
	}

	static IdentityProviderException invalidGrant() {
		return new IdentityProviderException(Kind.INVALID_GRANT, "the IdP rejected the grant (invalid_grant)");
	}

	static IdentityProviderException invalidRequest() {
		return new IdentityProviderException(Kind.INVALID_REQUEST, "the IdP refused the request (invalid_request)");
	}

	static Throwable unavailable(Throwable cause) {
		if (cause instanceof IdentityProviderException) {
			return cause;
		}
		return new IdentityProviderException(Kind.UNAVAILABLE,
				"the IdP could not be reached or failed: " + cause.getClass().getSimpleName());
	}

	public Kind kind() {
		return this.kind;
	}

	public boolean isInvalidGrant() {
		return this.kind == Kind.INVALID_GRANT;
	}

}
