package dev.sessiongate.session.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import dev.sessiongate.session.SessionStore;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Slides the idle timeout of sessions served from memory, off the request path: a request
 * served from the cache only notes its time, and once Redis' last-seen of that session is a
 * touch interval old (a tenth of the idle timeout, at most a minute, as a read through Redis
 * would write it) the session is queued. Every {@code period} the queue goes to Redis in one
 * pipelined batch: the commands are all written before any answer is awaited, one script
 * each, since in a cluster each session lives in a slot of its own. An instance that dies
 * loses at most the touch interval and one period of sliding; one that shuts down sends
 * what it holds first.
 */
final class IdleSlides implements SmartLifecycle {

	/** Slides in flight at once in a batch: enough to fill the pipe, few enough not to flood Redis. */
	private static final int PIPELINE = 64;

	private static final Duration SHUTDOWN_FLUSH = Duration.ofSeconds(2);

	private final SessionStore store;

	private final long touchMillis;

	private final Duration period;

	private final Consumer<CachedSession> onGone;

	private final Queue<CachedSession> queue = new ConcurrentLinkedQueue<>();

	private volatile Disposable schedule;

	IdleSlides(SessionStore store, Duration touchInterval, Consumer<CachedSession> onGone) {
		this.store = store;
		this.touchMillis = touchInterval.toMillis();
		this.period = touchInterval.compareTo(Duration.ofSeconds(1)) < 0 ? touchInterval : Duration.ofSeconds(1);
		this.onGone = onGone;
	}

	/** Notes a request served from memory at {@code now}; queues the session once a slide is due. */
	void seen(CachedSession cached, long now) {
		cached.seen(now);
		if (now - cached.seenInRedis() >= this.touchMillis && cached.queueSlide()) {
			this.queue.add(cached);
		}
	}

	/** Sends this session's last use now, when Redis has not heard of it yet (a read through Redis follows). */
	Mono<Void> slideNow(CachedSession cached) {
		return cached.hasUnsentUse() ? slide(cached) : Mono.empty();
	}

	/** Sends every queued slide, pipelined. */
	Mono<Void> flush() {
		List<CachedSession> batch = new ArrayList<>();
		for (CachedSession cached = this.queue.poll(); cached != null; cached = this.queue.poll()) {
			cached.slideTaken();
			batch.add(cached);
		}
		return batch.isEmpty() ? Mono.empty() : Flux.fromIterable(batch).flatMap(this::slide, PIPELINE).then();
	}

	private Mono<Void> slide(CachedSession cached) {
		return this.store.touch(cached.session().id(), Instant.ofEpochMilli(cached.lastSeen()))
			.doOnNext(stored -> cached.slidTo(stored.toEpochMilli()))
			.switchIfEmpty(Mono.fromRunnable(() -> this.onGone.accept(cached)))
			// Redis is out: the invalidation channel is lost with it, and the cache dropped; the
			// session's next request reads (and slides) through Redis.
			.onErrorResume(failure -> Mono.empty())
			.then();
	}

	int queued() {
		return this.queue.size();
	}

	@Override
	public void start() {
		this.schedule = Flux.interval(this.period, this.period)
			.onBackpressureDrop()
			.concatMap(tick -> flush())
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable scheduled = this.schedule;
		if (scheduled != null) {
			scheduled.dispose();
		}
		flush().timeout(SHUTDOWN_FLUSH, Mono.empty()).block(SHUTDOWN_FLUSH.plusSeconds(1));
	}

	@Override
	public boolean isRunning() {
		Disposable scheduled = this.schedule;
		return scheduled != null && !scheduled.isDisposed();
	}

	/** Before the channel and the Redis connection stop. */
	@Override
	public int getPhase() {
		return InvalidationChannel.PHASE + 1;
	}

}
