package dev.sessiongate.observability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Failures of a shared dependency, logged so that an outage does not make the log grow
 * with the request rate: the first failure of a kind is logged at once, the ones after it
 * are counted, and the next line at least {@link #INTERVAL} later carries the count.
 * Metrics ({@code sessiongate_errors_total}) keep the exact numbers. Details must name
 * things (a class, an endpoint), never carry a token, cookie or text a client sent.
 */
public final class FailureLog {

	public static final Duration INTERVAL = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(FailureLog.class);

	/** Redis could not be reached: {@code session_store_unavailable}. */
	public static final FailureLog SESSION_STORE = new FailureLog("Session store unavailable", System::nanoTime,
			logger::warn);

	/** The IdP could not be reached or failed: {@code identity_provider_unavailable}. */
	public static final FailureLog IDENTITY_PROVIDER = new FailureLog("Identity provider unavailable",
			System::nanoTime, logger::warn);

	/**
	 * The IdP refused the gateway's own client at its token endpoint ({@code invalid_client},
	 * {@code unauthorized_client}, ...): a configuration problem, not an outage, so it gets
	 * lines of its own that an outage's summary never swallows.
	 */
	public static final FailureLog CLIENT_REFUSED = new FailureLog("Identity provider refused this gateway's client",
			System::nanoTime, logger::error);

	private final String kind;

	private final LongSupplier nanoTime;

	private final Consumer<String> sink;

	private final AtomicLong suppressed = new AtomicLong();

	private final AtomicLong lastLineAt;

	private final AtomicBoolean announced = new AtomicBoolean();

	FailureLog(String kind, LongSupplier nanoTime, Consumer<String> sink) {
		this.kind = kind;
		this.nanoTime = nanoTime;
		this.sink = sink;
		this.lastLineAt = new AtomicLong(nanoTime.getAsLong() - INTERVAL.toNanos());
	}

	/** Records one failure seen by {@code source}; {@code detail} says what failed, briefly. */
	public void record(Class<?> source, String detail) {
		long now = this.nanoTime.getAsLong();
		long last = this.lastLineAt.get();
		if (now - last < INTERVAL.toNanos()) {
			this.suppressed.incrementAndGet();
			return;
		}
		// Taken before claiming the line and given back if another thread claims it: taken
		// after, it swallowed the failures counted between the claim and the take.
		long others = this.suppressed.getAndSet(0);
		if (!this.lastLineAt.compareAndSet(last, now)) {
			this.suppressed.addAndGet(others + 1);
			return;
		}
		String line = this.kind + " (" + source.getSimpleName() + ": " + oneLine(detail) + ")";
		if (this.announced.compareAndSet(false, true)) {
			this.sink.accept(line + "; further failures of this kind are counted and logged at most every "
					+ INTERVAL.toSeconds() + "s");
		}
		else if (others > 0) {
			this.sink.accept(line + "; " + others + " more since the last line, "
					+ Duration.ofNanos(now - last).toSeconds() + "s ago");
		}
		else {
			this.sink.accept(line);
		}
	}

	/** Records {@code failure} by its type and a bounded message. */
	public void record(Class<?> source, Throwable failure) {
		record(source, describe(failure));
	}

	private static String describe(Throwable failure) {
		String message = failure.getMessage();
		String type = failure.getClass().getSimpleName();
		return (message == null || message.isBlank()) ? type : type + ": " + message;
	}

	/** One bounded line: a detail may quote an IdP's answer. */
	private static String oneLine(String detail) {
		String flat = detail.replaceAll("\\p{Cntrl}+", " ");
		return (flat.length() > 400) ? flat.substring(0, 400) + "…" : flat;
	}

}
