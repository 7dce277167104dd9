package dev.sessiongate.sandbox;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One login: the refresh tokens rotated from it share its {@code sid}. Only the newest generation is valid.
 */
final class RefreshTokenFamily {

	private final String sid;

	private final String subject;

	private final String scope;

	private final Instant authTime;

	private final AtomicInteger generation = new AtomicInteger();

	private final AtomicBoolean revoked = new AtomicBoolean();

	RefreshTokenFamily(String sid, String subject, String scope, Instant authTime) {
		this.sid = sid;
		this.subject = subject;
		this.scope = scope;
		this.authTime = authTime;
	}

	String sid() {
		return this.sid;
	}

	String subject() {
		return this.subject;
	}

	String scope() {
		return this.scope;
	}

	Instant authTime() {
		return this.authTime;
	}

	int generation() {
		return this.generation.get();
	}

	/**
	 * Moves the family on from {@code presented}; false when another request already did, so the token is stale.
	 */
	boolean rotate(int presented) {
		return this.generation.compareAndSet(presented, presented + 1);
	}

	boolean revoke() {
		return this.revoked.compareAndSet(false, true);
	}

	boolean isRevoked() {
		return this.revoked.get();
	}

}
