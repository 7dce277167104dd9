package dev.sessiongate.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the IdP saw, for assertions; every counter tolerates hundreds of concurrent requests.
 */
final class IdpCounters {

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final AtomicInteger refreshes = new AtomicInteger();

	private final Map<String, AtomicInteger> refreshesBySid = new ConcurrentHashMap<>();

	private final AtomicInteger rejectedRefreshes = new AtomicInteger();

	private final AtomicInteger reuseDetections = new AtomicInteger();

	private final AtomicInteger revocations = new AtomicInteger();

	private final AtomicInteger endSessions = new AtomicInteger();

	void tokenRequest() {
		this.tokenRequests.incrementAndGet();
	}

	void refreshed(String sid) {
		this.refreshes.incrementAndGet();
		this.refreshesBySid.computeIfAbsent(sid, key -> new AtomicInteger()).incrementAndGet();
	}

	void refreshRejected() {
		this.rejectedRefreshes.incrementAndGet();
	}

	void reuseDetected() {
		this.reuseDetections.incrementAndGet();
	}

	void revocation() {
		this.revocations.incrementAndGet();
	}

	void endSession() {
		this.endSessions.incrementAndGet();
	}

	int tokenRequests() {
		return this.tokenRequests.get();
	}

	int refreshes() {
		return this.refreshes.get();
	}

	int refreshes(String sid) {
		AtomicInteger count = this.refreshesBySid.get(sid);
		return (count != null) ? count.get() : 0;
	}

	Map<String, Integer> refreshesBySid() {
		Map<String, Integer> snapshot = new TreeMap<>();
		this.refreshesBySid.forEach((sid, count) -> snapshot.put(sid, count.get()));
		return snapshot;
	}

	int rejectedRefreshes() {
		return this.rejectedRefreshes.get();
	}

	int reuseDetections() {
		return this.reuseDetections.get();
	}

	int revocations() {
		return this.revocations.get();
	}

	int endSessions() {
		return this.endSessions.get();
	}

	void reset() {
		this.tokenRequests.set(0);
		this.refreshes.set(0);
		this.refreshesBySid.clear();
		this.rejectedRefreshes.set(0);
		this.reuseDetections.set(0);
		this.revocations.set(0);
		this.endSessions.set(0);
	}

}
