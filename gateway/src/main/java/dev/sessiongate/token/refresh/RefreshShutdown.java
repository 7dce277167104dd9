package dev.sessiongate.token.refresh;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * On shutdown, after the web server stopped taking requests and before the Redis
 * connection closes: lets refreshes in flight finish (an IdP answer may carry a rotated
 * token that must reach Redis) for two thirds of the shutdown phase
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}), then releases every lease this
 * instance still holds within the last third, so other instances need not wait for them
 * to expire.
 */
final class RefreshShutdown implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RefreshShutdown.class);

	/** After the web server's stop (DEFAULT_PHASE - 2048); Lettuce's factory stops at phase 0. */
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final InFlightRefreshes inFlight;

	private final RefreshLease lease;

	private final Duration grace;

	private final Duration releaseWithin;

	private volatile boolean running;

	RefreshShutdown(InFlightRefreshes inFlight, RefreshLease lease, Duration phaseTimeout) {
		this.inFlight = inFlight;
		this.lease = lease;
		this.grace = phaseTimeout.multipliedBy(2).dividedBy(3);
		this.releaseWithin = phaseTimeout.dividedBy(4);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		stopping().block(this.grace.plus(this.releaseWithin).plusSeconds(1));
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
				return this.lease.releaseAll().timeout(this.releaseWithin, Mono.empty());
			}))
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
