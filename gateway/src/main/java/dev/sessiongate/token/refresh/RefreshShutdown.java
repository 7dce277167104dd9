package dev.sessiongate.token.refresh;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * On shutdown, after the web server stopped taking requests and before the Redis
 * connection closes: lets refreshes in flight finish (an IdP answer may carry a rotated
 * token that must reach Redis), for at most {@code grace}, then releases every lease this
 * instance still holds, so other instances need not wait for them to expire.
 */
final class RefreshShutdown implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RefreshShutdown.class);

	/** After the web server's stop (DEFAULT_PHASE - 2048); Lettuce's factory stops at phase 0. */
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final InFlightRefreshes inFlight;

	private final RefreshLease lease;

	private final Duration grace;

	private volatile boolean running;

	RefreshShutdown(InFlightRefreshes inFlight, RefreshLease lease, Duration grace) {
		this.inFlight = inFlight;
		this.lease = lease;
		this.grace = grace;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		stopping().block(this.grace.plusSeconds(5));
	}

	@Override
	public void stop(Runnable callback) {
		stopping().subscribe(null, failure -> callback.run(), callback);
	}

	private Mono<Void> stopping() {
		return this.inFlight.idle(Duration.ofMillis(50))
			.timeout(this.grace, Mono.fromRunnable(
					() -> logger.warn(this.inFlight.size() + " refreshes still in flight at shutdown")))
			.then(Mono.defer(() -> {
				int held = this.lease.heldCount();
				if (held > 0) {
					logger.info("Releasing " + held + " refresh leases at shutdown");
				}
				return this.lease.releaseAll();
			}))
			.timeout(this.grace.plusSeconds(5), Mono.empty())
			.doFinally(signal -> this.running = false);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
