package dev.sessiongate.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all requests in flight may hold for replay together
 * ({@code sessiongate.retry.max-buffered-bytes}): a burst of large bodies then streams
 * instead of filling the heap.
 */
final class ReplayBudget {

	private final long max;

	private final AtomicLong held = new AtomicLong();

	ReplayBudget(long max) {
		this.max = max;
	}

	/** Takes {@code bytes} from the budget; false (and nothing taken) when they do not fit. */
	boolean tryReserve(long bytes) {
		long before;
		do {
			before = this.held.get();
			if (before + bytes > this.max) {
				return false;
			}
		}
		while (!this.held.compareAndSet(before, before + bytes));
		return true;
	}

	void release(long bytes) {
		this.held.addAndGet(-bytes);
	}

	long held() {
		return this.held.get();
	}

}
