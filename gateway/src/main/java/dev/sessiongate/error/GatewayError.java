package dev.sessiongate.error;

import org.springframework.http.HttpStatus;

/**
 * The error codes of the contract (section 6), each with its status and whether the
 * client's session cookie must be cleared.
 */
public enum GatewayError {

	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", true),
	SESSION_EXPIRED(HttpStatus.UNAUTHORIZED, "session_expired", true),
	CSRF(HttpStatus.FORBIDDEN, "csrf", false),
	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid_request", false),
	REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "request_timeout", false),
	NOT_FOUND(HttpStatus.NOT_FOUND, "not_found", false),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", false),
	REQUEST_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "request_too_large", false),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", false),
	BAD_GATEWAY(HttpStatus.BAD_GATEWAY, "bad_gateway", false),
	IDENTITY_PROVIDER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "identity_provider_unavailable", false),
	SESSION_STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "session_store_unavailable", false);

	private final HttpStatus status;

	private final String code;

	private final boolean clearsCookie;

	GatewayError(HttpStatus status, String code, boolean clearsCookie) {
		this.status = status;
		this.code = code;
		this.clearsCookie = clearsCookie;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	public boolean clearsCookie() {
		return this.clearsCookie;
	}

	public GatewayErrorException exception(String message) {
		return new GatewayErrorException(this, message);
	}

	/** Whether {@code failure} is this error's exception. */
	public boolean is(Throwable failure) {
		return failure instanceof GatewayErrorException error && error.error() == this;
	}

}
