package dev.sessiongate.sandbox;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * A misbehaviour of the token endpoint, injected by tests through {@link SandboxIdp#failNextTokenRequests}.
 */
public sealed interface TokenFailure permits TokenFailure.Delay, TokenFailure.Held, TokenFailure.Status,
		TokenFailure.DropConnection, TokenFailure.InvalidGrant, TokenFailure.Body, TokenFailure.AnswerWhen {

	/**
	 * Answers normally, but only after {@code duration}.
	 */
	static TokenFailure delay(Duration duration) {
		return new Delay(duration);
	}

	/**
	 * Answers normally, but only once {@code release} completes: a test holds a refresh in flight until it has seen
	 * what it waits for, instead of hoping a delay is long enough.
	 */
	static TokenFailure heldUntil(Mono<Void> release) {
		return new Held(release);
	}

	/**
	 * Answers {@code status} with an OAuth error body: {@code temporarily_unavailable} for 503,
	 * {@code server_error} for other 5xx, {@code invalid_request} otherwise.
	 */
	static TokenFailure status(int status) {
		return new Status(status, (status == 503) ? "temporarily_unavailable"
				: (status >= 500) ? "server_error" : "invalid_request");
	}

	static TokenFailure status(int status, String error) {
		return new Status(status, error);
	}

	/**
	 * Closes the connection without any response, as a crashing IdP or a load balancer reset would.
	 */
	static TokenFailure dropConnection() {
		return new DropConnection();
	}

	/**
	 * Answers 400 {@code invalid_grant} without touching any refresh-token family.
	 */
	static TokenFailure invalidGrant() {
		return new InvalidGrant();
	}

	/** Answers {@code status} with an HTML page, as a proxy in front of the IdP does. */
	static TokenFailure html(int status) {
		return new Body(status, "text/html", "<html><body><h1>" + status + " Bad Gateway</h1></body></html>");
	}

	/** Answers 200 with a body that is not JSON. */
	static TokenFailure garbage() {
		return new Body(200, "application/json", "\u0000\u00ffnot json at all");
	}

	/** Answers 200 with a JSON token response cut off half-way. */
	static TokenFailure truncatedJson() {
		return new Body(200, "application/json", "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOi");
	}

	/**
	 * Carries out the grant at once (a refresh token rotates there and then) but sends the answer only when
	 * {@code answer} completes: the IdP has rotated, the gateway does not know it yet. Tests use it to fail
	 * things in between.
	 */
	static TokenFailure answerWhen(Mono<Void> answer) {
		return new AnswerWhen(answer);
	}

	record Delay(Duration duration) implements TokenFailure {
	}

	record Held(Mono<Void> release) implements TokenFailure {
	}

	record Status(int status, String error) implements TokenFailure {
	}

	record DropConnection() implements TokenFailure {
	}

	record InvalidGrant() implements TokenFailure {
	}

	record Body(int status, String contentType, String text) implements TokenFailure {
	}

	record AnswerWhen(Mono<Void> answer) implements TokenFailure {
	}

}
