package dev.sessiongate.token.refresh;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionId;
import dev.sessiongate.session.SessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One refresh per session across every instance that shares the Redis. The instance that
 * wins the lease reads the session again and calls the IdP only if the stored tokens still
 * need it; the others wait for the lease's release (notified, or found by polling) and read
 * the tokens the winner stored. A lease whose holder died expires, and a waiter takes over.
 *
 * <p>The holder keeps its lease until the refreshed tokens are in Redis, which may be long
 * after its waiters went on (see {@link Refreshed}): while it holds it, no other instance
 * can present the refresh token the IdP has rotated away.
 */
final class CrossInstanceRefresh {

	private static final Log logger = LogFactory.getLog(CrossInstanceRefresh.class);

	private final SessionStore store;

	private final RefreshLease lease;

	private final RefreshNotifications notifications;

	private final Duration pollInterval;

	private final Duration maxWait;

	private final RefreshMetrics metrics;

	CrossInstanceRefresh(SessionStore store, RefreshLease lease, RefreshNotifications notifications,
			Duration pollInterval, Duration maxWait, RefreshMetrics metrics) {
		this.store = store;
		this.lease = lease;
		this.notifications = notifications;
		this.pollInterval = pollInterval;
		this.maxWait = maxWait;
		this.metrics = metrics;
	}

	/**
	 * The session once no refresh is needed any more: refreshed here by {@code refreshAtIdp},
	 * or by another instance.
	 */
	Mono<Refreshed> refresh(SessionId id, Predicate<Session> needsRefresh,
			Function<Session, Mono<Refreshed>> refreshAtIdp) {
		return this.lease.acquire(id)
			.flatMap(held -> asHolder(held, needsRefresh, refreshAtIdp))
			.switchIfEmpty(Mono.defer(() -> afterOtherHolder(id, needsRefresh, refreshAtIdp)));
	}

	private Mono<Refreshed> asHolder(RefreshLease.Held held, Predicate<Session> needsRefresh,
			Function<Session, Mono<Refreshed>> refreshAtIdp) {
		return Mono.defer(() -> {
			AtomicBoolean answered = new AtomicBoolean();
			Disposable renewals = this.lease.keepAlive(held, answered::get);
			AtomicBoolean released = new AtomicBoolean();
			Runnable done = () -> {
				if (released.compareAndSet(false, true)) {
					// Runs on Redis reply threads: nothing may escape from here into Lettuce.
					try {
						renewals.dispose();
					}
					catch (RuntimeException ex) {
						logger.warn("Lease renewals of " + held.id() + " could not be stopped: " + ex.getClass().getSimpleName());
					}
					this.lease.release(held).onErrorResume(ex -> Mono.empty()).subscribe();
				}
			};
			return read(held.id()).flatMap(current -> !needsRefresh.test(current) ? Mono.just(Refreshed.stored(current))
					// Last check before the one irreversible step: a holder that stalled past its
					// lease must not present a refresh token another instance may have used.
					: this.lease.renew(held)
						.flatMap(stillHeld -> stillHeld ? refreshAtIdp.apply(current)
								: afterOtherHolder(held.id(), needsRefresh, refreshAtIdp)))
				// The lease goes only once the tokens are stored, not when the waiters go on.
				.doOnNext(refreshed -> {
					answered.set(true);
					refreshed.stored().doFinally(signal -> done.run()).subscribe();
				})
				.doOnError(failure -> done.run())
				.doOnCancel(done);
		});
	}

	private Mono<Refreshed> afterOtherHolder(SessionId id, Predicate<Session> needsRefresh,
			Function<Session, Mono<Refreshed>> refreshAtIdp) {
		return this.metrics.observed(GatewayMeters.REFRESH_LEASE_WAIT, released(id))
			.then(read(id))
			.flatMap(current -> needsRefresh.test(current) ? refresh(id, needsRefresh, refreshAtIdp)
					: Mono.just(Refreshed.stored(current)));
	}

	/**
	 * Completes once no instance holds the lease: on its release message, or when a poll finds
	 * it gone. Bounded, because a holder's IdP call and store are bounded too; past it the
	 * waiter answers {@code identity_provider_unavailable}.
	 */
	private Mono<Void> released(SessionId id) {
		Mono<Void> polled = Flux.interval(Duration.ZERO, this.pollInterval)
			.onBackpressureDrop()
			.concatMap(poll -> this.lease.isHeld(id))
			.filter(held -> !held)
			.next()
			.then();
		return Mono.firstWithSignal(this.notifications.nextRelease(id), polled)
			.timeout(this.maxWait, Mono.error(() -> GatewayError.IDENTITY_PROVIDER_UNAVAILABLE
				.exception("The identity provider could not be reached: try again shortly")));
	}

	/** Never a near-cached copy: whether to refresh must be decided on what Redis holds now. */
	private Mono<Session> read(SessionId id) {
		return this.store.findCurrent(id)
			.switchIfEmpty(Mono.defer(() -> this.store.endedBecause(id)
				.map(reason -> GatewayError.SESSION_EXPIRED.exception("The identity provider ended the session: sign in again"))
				.defaultIfEmpty(GatewayError.UNAUTHENTICATED.exception("The session has ended"))
				.flatMap(Mono::error)));
	}

}
