package dev.sessiongate.token.refresh;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionId;
import reactor.core.publisher.Mono;

/**
 * At most one refresh per session in this instance: the first caller starts it as a
 * shared {@code Mono}, every later caller joins it. {@code cache()} keeps the refresh
 * running when the caller that started it goes away, and when its waiters give up: a
 * refresh the IdP may already have carried out must still store the rotated token. The
 * entry removes itself when the refresh ends, so neither a result nor a failure is
 * remembered past its own waiters and the map holds only refreshes in flight.
 */
final class InFlightRefreshes {

	private static final int BACKSTOP_FACTOR = 3;

	private final ConcurrentMap<SessionId, Mono<Session>> inFlight = new ConcurrentHashMap<>();

	private final Duration timeout;

	private final Runnable onJoin;

	InFlightRefreshes(Duration timeout, Runnable onJoin) {
		this.timeout = timeout;
		this.onJoin = onJoin;
	}

	Mono<Session> join(SessionId id, Supplier<Mono<Session>> refresh) {
		return Mono.defer(() -> {
			AtomicReference<Mono<Session>> self = new AtomicReference<>();
			Mono<Session> candidate = Mono.defer(refresh)
				// Every step below has its own timeout; this bound is only a backstop.
				.timeout(this.timeout.multipliedBy(BACKSTOP_FACTOR))
				.doFinally(signal -> this.inFlight.remove(id, self.get()))
				.cache();
			self.set(candidate);
			Mono<Session> running = this.inFlight.putIfAbsent(id, candidate);
			if (running != null) {
				this.onJoin.run();
				return running;
			}
			return candidate;
		})
			// A waiter gives up after the refresh timeout; the refresh itself goes on.
			.timeout(this.timeout);
	}

	int size() {
		return this.inFlight.size();
	}

}
