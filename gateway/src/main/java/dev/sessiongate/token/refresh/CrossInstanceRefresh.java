package dev.sessiongate.token.refresh;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionId;
import dev.sessiongate.session.SessionStore;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One refresh per session across every instance that shares the Redis. The instance that
 * wins the lease reads the session again and calls the IdP only if the stored tokens still
 * need it; the others wait for the lease's release (notified, or found by polling) and read
 * the tokens the winner stored. A lease whose holder died expires, and a waiter takes over.
 */
final class CrossInstanceRefresh {

	private final SessionStore store;

	private final RefreshLease lease;

	private final RefreshNotifications notifications;

	private final Duration pollInterval;

	private final RefreshMetrics metrics;

	CrossInstanceRefresh(SessionStore store, RefreshLease lease, RefreshNotifications notifications,
			Duration pollInterval, RefreshMetrics metrics) {
		this.store = store;
		this.lease = lease;
		this.notifications = notifications;
		this.pollInterval = pollInterval;
		this.metrics = metrics;
	}

	/**
	 * The session once no refresh is needed any more: refreshed here by {@code refreshAtIdp},
	 * or by another instance.
	 */
	Mono<Session> refresh(SessionId id, Predicate<Session> needsRefresh, Function<Session, Mono<Session>> refreshAtIdp) {
		return Mono.usingWhen(this.lease.acquire(id),
				held -> asHolder(held, needsRefresh, refreshAtIdp),
				this.lease::release,
				(held, failure) -> this.lease.release(held),
				this.lease::release)
			.switchIfEmpty(Mono.defer(() -> afterOtherHolder(id, needsRefresh, refreshAtIdp)));
	}

	private Mono<Session> asHolder(RefreshLease.Held held, Predicate<Session> needsRefresh,
			Function<Session, Mono<Session>> refreshAtIdp) {
		return keepingAlive(held, read(held.id()).flatMap(current -> !needsRefresh.test(current) ? Mono.just(current)
				// Last check before the one irreversible step: a holder that stalled past its
				// lease must not present a refresh token another instance may have used.
				: this.lease.renew(held)
					.flatMap(stillHeld -> stillHeld ? refreshAtIdp.apply(current)
							: afterOtherHolder(held.id(), needsRefresh, refreshAtIdp))));
	}

	private Mono<Session> afterOtherHolder(SessionId id, Predicate<Session> needsRefresh,
			Function<Session, Mono<Session>> refreshAtIdp) {
		return this.metrics.observed(GatewayMeters.REFRESH_LEASE_WAIT, released(id))
			.then(read(id))
			.flatMap(current -> needsRefresh.test(current) ? refresh(id, needsRefresh, refreshAtIdp)
					: Mono.just(current));
	}

	/** Completes once no instance holds the lease: on its release message, or when a poll finds it gone. */
	private Mono<Void> released(SessionId id) {
		Mono<Void> polled = this.lease.isHeld(id)
			.filter(held -> !held)
			.repeatWhenEmpty(Integer.MAX_VALUE, polls -> polls.delayElements(this.pollInterval))
			.then();
		return Mono.firstWithSignal(this.notifications.nextRelease(id), polled);
	}

	/** Renews the lease every third of its life while {@code work} runs. */
	private <T> Mono<T> keepingAlive(RefreshLease.Held held, Mono<T> work) {
		return Mono.defer(() -> {
			Duration every = this.lease.duration().dividedBy(3);
			Disposable renewals = Flux.interval(every, every)
				.onBackpressureDrop()
				.concatMap(tick -> this.lease.renew(held).onErrorResume(ex -> Mono.just(false)))
				.subscribe();
			return work.doFinally(signal -> renewals.dispose());
		});
	}

	private Mono<Session> read(SessionId id) {
		return this.store.find(id)
			.switchIfEmpty(Mono.error(() -> GatewayError.UNAUTHENTICATED.exception("The session has ended")));
	}

}
