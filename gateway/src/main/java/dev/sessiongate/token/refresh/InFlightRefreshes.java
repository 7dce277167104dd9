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
 * running when the caller that started it goes away; the entry removes itself when the
 * refresh ends, so neither a result nor a failure is remembered past its own waiters and
 * the map holds only refreshes in flight.
 */
final class InFlightRefreshes {

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
				.timeout(this.timeout)
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
			// A waiter never waits longer than a refresh may take, even if the refresh hangs.
			.timeout(this.timeout.plusSeconds(1));
	}

	int size() {
		return this.inFlight.size();
	}

}
