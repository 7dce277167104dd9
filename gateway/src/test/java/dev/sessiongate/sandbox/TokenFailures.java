package dev.sessiongate.sandbox;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Failures queued for the token endpoint, each consumed by one request in arrival order, plus a standing delay.
 */
final class TokenFailures {

	private final Queue<TokenFailure> queued = new ConcurrentLinkedQueue<>();

	private final AtomicReference<Duration> standingDelay = new AtomicReference<>(Duration.ZERO);

	void add(int count, TokenFailure failure) {
		for (int i = 0; i < count; i++) {
			this.queued.add(failure);
		}
	}

	@Nullable TokenFailure next() {
		return this.queued.poll();
	}

	Duration standingDelay() {
		return this.standingDelay.get();
	}

	void standingDelay(Duration delay) {
		this.standingDelay.set(delay);
	}

	void clear() {
		this.queued.clear();
		this.standingDelay.set(Duration.ZERO);
	}

}
