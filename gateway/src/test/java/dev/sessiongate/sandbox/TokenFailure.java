package dev.sessiongate.sandbox;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * A misbehaviour of the token endpoint, injected by tests through {@link SandboxIdp#failNextTokenRequests}.
 */
public sealed interface TokenFailure
		permits TokenFailure.Delay, TokenFailure.Held, TokenFailure.Status, TokenFailure.DropConnection,
		TokenFailure.InvalidGrant {

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

}
