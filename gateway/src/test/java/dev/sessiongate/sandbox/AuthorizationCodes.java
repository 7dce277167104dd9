package dev.sessiongate.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Single-use authorization codes valid for 60 seconds. A code redeemed twice was intercepted, so the tokens issued
 * from it are revoked (RFC 6749 section 4.1.2).
 */
final class AuthorizationCodes {

	private static final Duration LIFETIME = Duration.ofSeconds(60);

	// Redeemed codes are kept a while to recognise reuse, then swept so load tests of the login stay bounded.
	private static final Duration RETENTION = Duration.ofMinutes(10);

	private static final int SWEEP_EVERY = 1024;

	private final Map<String, Pending> codes = new ConcurrentHashMap<>();

	private final AtomicInteger issued = new AtomicInteger();

	private final RefreshTokenFamilies families;

	private final Clock clock;

	AuthorizationCodes(RefreshTokenFamilies families, Clock clock) {
		this.families = families;
		this.clock = clock;
	}

	String issue(AuthorizationRequest request) {
		if (this.issued.incrementAndGet() % SWEEP_EVERY == 0) {
			Instant horizon = this.clock.instant().minus(RETENTION);
			this.codes.values().removeIf(pending -> pending.issuedAt.isBefore(horizon));
		}
		String code = SandboxHttp.randomId();
		this.codes.put(code, new Pending(request, this.clock.instant()));
		return code;
	}

	/**
	 * Answers the authorization request behind {@code code}, or null when the code is unknown, expired or reused.
	 */
	@Nullable AuthorizationRequest redeem(String code) {
		Pending pending = this.codes.get(code);
		if (pending == null) {
			return null;
		}
		if (pending.redeemed.getAndSet(true)) {
			String sid = pending.sid;
			if (sid != null) {
				this.families.revokeFamily(sid);
			}
			return null;
		}
		boolean expired = this.clock.instant().isAfter(pending.issuedAt.plus(LIFETIME));
		return expired ? null : pending.request;
	}

	/**
	 * Remembers which family the code started, so that a later reuse can revoke it.
	 */
	void bind(String code, String sid) {
		Pending pending = this.codes.get(code);
		if (pending != null) {
			pending.sid = sid;
		}
	}

	private static final class Pending {

		private final AuthorizationRequest request;

		private final Instant issuedAt;

		private final AtomicBoolean redeemed = new AtomicBoolean();

		private volatile @Nullable String sid;

		Pending(AuthorizationRequest request, Instant issuedAt) {
			this.request = request;
			this.issuedAt = issuedAt;
		}

	}

}
