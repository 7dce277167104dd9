package dev.sessiongate.sandbox;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests the sandbox API answered, in completion order.
 */
final class ApiRequestLog {

	private final Queue<ApiRequest> requests = new ConcurrentLinkedQueue<>();

	private final AtomicInteger unauthorized = new AtomicInteger();

	void record(ApiRequest request) {
		this.requests.add(request);
		if (request.status() == 401) {
			this.unauthorized.incrementAndGet();
		}
	}

	List<ApiRequest> snapshot() {
		return List.copyOf(this.requests);
	}

	int unauthorized() {
		return this.unauthorized.get();
	}

	void clear() {
		this.requests.clear();
		this.unauthorized.set(0);
	}

}
