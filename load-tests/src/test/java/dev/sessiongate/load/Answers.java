package dev.sessiongate.load;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.gatling.javaapi.core.Session;

/**
 * Status and response time of every measured request, kept by the simulation itself: Gatling's own statistics go to
 * its report, but the figures a run prints (401s, p99 minus the IdP's delay, requests in the CPU window) are
 * computed from exactly the requests in the window.
 */
final class Answers {

	static final String STATUS = "status";

	static final String RESPONSE_TIME = "responseTime";

	private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

	private final AtomicInteger count = new AtomicInteger();

	private volatile int[] millis;

	private long firstNanos = Long.MAX_VALUE;

	private long lastNanos = Long.MIN_VALUE;

	Answers(int expected) {
		this.millis = new int[Math.max(expected, 16)];
	}

	/** A session function for after the request: reads what the request's checks saved. */
	Session record(Session session) {
		int status = session.contains(STATUS) ? session.getInt(STATUS) : 0;
		int time = session.contains(RESPONSE_TIME) ? session.getInt(RESPONSE_TIME) : -1;
		this.statuses.computeIfAbsent(status, key -> new LongAdder()).increment();
		if (time >= 0) {
			add(time);
		}
		return session.remove(STATUS).remove(RESPONSE_TIME);
	}

	private synchronized void add(int time) {
		long now = System.nanoTime();
		this.firstNanos = Math.min(this.firstNanos, now);
		this.lastNanos = Math.max(this.lastNanos, now);
		int index = this.count.get();
		if (index == this.millis.length) {
			this.millis = Arrays.copyOf(this.millis, index * 2);
		}
		this.millis[index] = time;
		this.count.incrementAndGet();
	}

	long total() {
		return this.statuses.values().stream().mapToLong(LongAdder::sum).sum();
	}

	long withStatus(int status) {
		LongAdder adder = this.statuses.get(status);
		return (adder != null) ? adder.sum() : 0;
	}

	/** Status code to count; 0 stands for requests that got no answer (connection failures, timeouts). */
	Map<Integer, Long> statuses() {
		Map<Integer, Long> snapshot = new TreeMap<>();
		this.statuses.forEach((status, adder) -> snapshot.put(status, adder.sum()));
		return snapshot;
	}

	/**
	 * Answers per second between the first and the last answer: the achieved rate, unlike the injected one, and
	 * free of the pauses Gatling leaves between phases.
	 */
	synchronized double perSecond() {
		int n = this.count.get();
		return (n < 2) ? 0 : (n - 1) / ((this.lastNanos - this.firstNanos) / 1e9);
	}

	/** The {@code percentile} response time in milliseconds, nearest-rank. */
	synchronized int percentile(double percentile) {
		int n = this.count.get();
		if (n == 0) {
			return -1;
		}
		int[] sorted = Arrays.copyOf(this.millis, n);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percentile / 100.0 * n);
		return sorted[Math.max(rank, 1) - 1];
	}

}
