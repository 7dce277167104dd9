package dev.sessiongate.token.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.sessiongate.session.SessionId;

/**
 * Sessions whose last refresh failed because the IdP was unavailable, remembered for a
 * short backoff: during an IdP outage each session then makes one attempt per backoff
 * instead of one per request, each waiting out the IdP's timeout.
 *
 * <p>No circuit breaker over the whole token endpoint (resilience4j's would be the one to
 * take, managed by the Spring Cloud BOM): with this per-session memory an outage costs the
 * IdP at most one request per session per backoff, and a breaker tripped by some sessions'
 * failures (one slow shard, say) would refuse the refreshes of sessions that would have
 * succeeded, whose users then see 503s they need not have.
 */
final class RecentIdpFailures {

	/** Above this many entries, expired ones are swept, so a long outage cannot grow the map without end. */
	private static final int SWEEP_ABOVE = 10_000;

	private final ConcurrentMap<SessionId, Instant> until = new ConcurrentHashMap<>();

	private final Duration backoff;

	private final Clock clock;

	RecentIdpFailures(Duration backoff, Clock clock) {
		this.backoff = backoff;
		this.clock = clock;
	}

	void failed(SessionId id) {
		Instant now = this.clock.instant();
		this.until.put(id, now.plus(this.backoff));
		if (this.until.size() > SWEEP_ABOVE) {
			this.until.values().removeIf(deadline -> !deadline.isAfter(now));
		}
	}

	void succeeded(SessionId id) {
		this.until.remove(id);
	}

	/** Whether the session's last refresh failed less than the backoff ago. */
	boolean isBackingOff(SessionId id) {
		Instant deadline = this.until.get(id);
		if (deadline == null) {
			return false;
		}
		if (deadline.isAfter(this.clock.instant())) {
			return true;
		}
		this.until.remove(id, deadline);
		return false;
	}

}
