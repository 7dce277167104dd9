package dev.sessiongate.token.refresh;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.sessiongate.session.SessionId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * At most one refresh per session in this instance: the first caller starts it as a
 * shared {@code Mono}, every later caller joins it. {@code cache()} keeps the refresh
 * running when the caller that started it goes away, and when its waiters give up: a
 * refresh the IdP may already have carried out must still store the rotated token.
 *
 * <p>Waiting is bounded here ({@code waiterTimeout}); the refresh itself is not cancelled,
 * ever: a token-endpoint POST on the wire may carry a rotation, so it runs to its own end,
 * bounded by each of its steps (the lease wait, the IdP's response timeout, the store
 * retry). The entry stays until the refreshed tokens are stored, so a request that reads
 * the old tokens meanwhile joins it and gets the new ones from memory; then it removes
 * itself, so neither a result nor a failure is remembered past its own waiters.
 */
final class InFlightRefreshes {

	private final ConcurrentMap<SessionId, Mono<Refreshed>> inFlight = new ConcurrentHashMap<>();

	private final Duration waiterTimeout;

	private final Runnable onJoin;

	InFlightRefreshes(Duration waiterTimeout, Runnable onJoin) {
		this.waiterTimeout = waiterTimeout;
		this.onJoin = onJoin;
	}

	Mono<Refreshed> join(SessionId id, Supplier<Mono<Refreshed>> refresh) {
		return Mono.defer(() -> {
			AtomicReference<Mono<Refreshed>> self = new AtomicReference<>();
			Runnable remove = () -> this.inFlight.remove(id, self.get());
			Mono<Refreshed> candidate = Mono.defer(refresh)
				.doOnNext(refreshed -> refreshed.stored().doFinally(signal -> remove.run()).subscribe())
				.doOnSuccess(refreshed -> {
					if (refreshed == null) {
						remove.run();
					}
				})
				.doOnError(failure -> remove.run())
				.doOnCancel(remove)
				.cache();
			self.set(candidate);
			Mono<Refreshed> running = this.inFlight.putIfAbsent(id, candidate);
			if (running != null) {
				this.onJoin.run();
				return running;
			}
			return candidate;
		})
			// A waiter gives up after the refresh timeout; the refresh itself goes on.
			.timeout(this.waiterTimeout);
	}

	int size() {
		return this.inFlight.size();
	}

	/** Completes once no refresh is in flight (checked every {@code interval}). */
	Mono<Void> idle(Duration interval) {
		return Flux.interval(Duration.ZERO, interval).filter(tick -> this.inFlight.isEmpty()).next().then();
	}

}
