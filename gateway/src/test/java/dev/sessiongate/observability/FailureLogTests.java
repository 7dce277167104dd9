package dev.sessiongate.observability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Repeated failures are summarised: one line per kind per interval, with a count. */
class FailureLogTests {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final FailureLog log = new FailureLog("Session store unavailable", this.nanos::get, this.lines::add);

	@Test
	void recordWhenTheFirstFailureComesThenItIsLoggedAtOnce() {
		this.log.record(FailureLogTests.class, "RedisConnectionException");

		assertThat(this.lines).singleElement()
			.asString()
			.startsWith("Session store unavailable (FailureLogTests: RedisConnectionException)")
			.contains("logged at most every 10s");
	}

	@Test
	void recordWhenFailuresRepeatWithinTheIntervalThenTheNextLineCountsThem() {
		for (int i = 0; i < 500; i++) {
			this.log.record(FailureLogTests.class, "RedisConnectionException");
		}
		advance(FailureLog.INTERVAL.minusMillis(1));
		this.log.record(FailureLogTests.class, "RedisConnectionException");
		assertThat(this.lines).hasSize(1);

		advance(Duration.ofMillis(1));
		this.log.record(FailureLogTests.class, "RedisCommandTimeoutException");

		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(1)).isEqualTo(
				"Session store unavailable (FailureLogTests: RedisCommandTimeoutException); 500 more since the last line, 10s ago");
	}

	@Test
	void recordWhenManyThreadsFailAtOnceThenOneLineIsWritten() throws InterruptedException {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < 8; t++) {
			threads.execute(() -> {
				await(start);
				for (int i = 0; i < 1000; i++) {
					this.log.record(FailureLogTests.class, "RedisConnectionException");
				}
			});
		}
		start.countDown();
		threads.shutdown();
		assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		advance(FailureLog.INTERVAL);
		this.log.record(FailureLogTests.class, "RedisConnectionException");

		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(1)).contains("; 7999 more since the last line");
	}

	@Test
	void recordWhenTheDetailQuotesAnAnswerThenTheLineStaysOneBoundedLine() {
		this.log.record(FailureLogTests.class, "token endpoint answered 400 " + "x".repeat(500) + "\r\nforged line");

		assertThat(this.lines).singleElement().asString().doesNotContain("\n", "\r").hasSizeLessThan(400);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
