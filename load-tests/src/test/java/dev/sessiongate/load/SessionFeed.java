package dev.sessiongate.load;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A feeder over sessions created in {@code before()}, after Gatling has built the scenarios: user {@code n} gets
 * session {@code n mod S}, so consecutive users spread over every session and a burst of {@code S x C} users hits
 * each session {@code C} times at once. Endless, like a circular feeder.
 */
final class SessionFeed implements Iterator<Map<String, Object>> {

	static final String COOKIE = "cookie";

	private final AtomicLong next = new AtomicLong();

	private volatile List<String> cookies = List.of();

	void use(List<String> cookies) {
		this.cookies = List.copyOf(cookies);
	}

	int size() {
		return this.cookies.size();
	}

	@Override
	public boolean hasNext() {
		return true;
	}

	@Override
	public Map<String, Object> next() {
		List<String> current = this.cookies;
		if (current.isEmpty()) {
			throw new IllegalStateException("no sessions: before() did not create any");
		}
		return Map.of(COOKIE, current.get((int) (this.next.getAndIncrement() % current.size())));
	}

}
