package dev.sessiongate.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.sessiongate.error.GatewayError;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Reads a request body chunk by chunk into memory while it stays within the size limit and
 * the global replay budget; once it would not, hands over what it read followed by the rest
 * of the body, streamed at the upstream's pace. A body of unknown length (chunked) is
 * buffered like one with a {@code Content-Length}. No library operator does this: joining
 * ({@code DataBufferUtils.join}) fails past its limit, and a limiting operator cancels the
 * body, which the server then throws away.
 *
 * <p>While buffering, a client that sends nothing for {@code idleTimeout} gets
 * {@code 408 request_timeout}; the timer is the reader's own, so a slow upstream reading a
 * streamed body is never mistaken for a slow client.
 */
final class BodyBuffering extends BaseSubscriber<DataBuffer> {

	private final long maxBytes;

	private final ReplayBudget budget;

	private final Duration idleTimeout;

	private final MonoSink<ReplayableBody> result;

	private final AtomicBoolean settled = new AtomicBoolean();

	private final List<DataBuffer> held = new ArrayList<>();

	private long size;

	private volatile FluxSink<DataBuffer> rest;

	private volatile Disposable idle = Disposables.disposed();

	private BodyBuffering(long maxBytes, ReplayBudget budget, Duration idleTimeout, MonoSink<ReplayableBody> result) {
		this.maxBytes = maxBytes;
		this.budget = budget;
		this.idleTimeout = idleTimeout;
		this.result = result;
	}

	static Mono<ReplayableBody> read(Flux<DataBuffer> body, long maxBytes, ReplayBudget budget, Duration idleTimeout) {
		return Mono.create(sink -> body.subscribe(new BodyBuffering(maxBytes, budget, idleTimeout, sink)));
	}

	@Override
	protected void hookOnSubscribe(Subscription subscription) {
		next();
	}

	@Override
	protected void hookOnNext(DataBuffer buffer) {
		FluxSink<DataBuffer> streaming = this.rest;
		if (streaming != null) {
			streaming.next(buffer);
			return;
		}
		this.idle.dispose();
		// The idle timer runs on another thread; the lock is held for a few instructions only.
		synchronized (this.held) {
			if (this.settled.get()) {
				DataBufferUtils.release(buffer);
				return;
			}
			int bytes = buffer.readableByteCount();
			if (this.size + bytes > this.maxBytes || !this.budget.tryReserve(bytes)) {
				handOver(buffer);
				return;
			}
			this.held.add(buffer);
			this.size += bytes;
		}
		next();
	}

	@Override
	protected void hookOnComplete() {
		FluxSink<DataBuffer> streaming = this.rest;
		if (streaming != null) {
			streaming.complete();
			return;
		}
		this.idle.dispose();
		synchronized (this.held) {
			if (this.settled.compareAndSet(false, true)) {
				complete();
			}
		}
	}

	private void complete() {
		byte[] bytes = new byte[(int) this.size];
		int offset = 0;
		for (DataBuffer buffer : this.held) {
			int length = buffer.readableByteCount();
			buffer.read(bytes, offset, length);
			offset += length;
			DataBufferUtils.release(buffer);
		}
		this.held.clear();
		this.result.success(ReplayableBody.buffered(bytes, this.budget));
	}

	@Override
	protected void hookOnError(Throwable failure) {
		FluxSink<DataBuffer> streaming = this.rest;
		if (streaming != null) {
			streaming.error(failure);
			return;
		}
		this.idle.dispose();
		synchronized (this.held) {
			if (this.settled.compareAndSet(false, true)) {
				dropHeld();
				this.result.error(failure);
			}
		}
	}

	/** Over a limit: what was read goes first, then the rest of the body as the upstream asks for it. */
	private void handOver(DataBuffer buffer) {
		if (!this.settled.compareAndSet(false, true)) {
			DataBufferUtils.release(buffer);
			return;
		}
		this.budget.release(this.size);
		List<DataBuffer> prefix = new ArrayList<>(this.held);
		prefix.add(buffer);
		this.held.clear();
		Flux<DataBuffer> remainder = Flux.create(sink -> {
			sink.onRequest(this::request);
			sink.onCancel(this::cancel);
			this.rest = sink;
		});
		this.result.success(ReplayableBody.streamed(Flux.concat(Flux.fromIterable(prefix), remainder)));
	}

	private void next() {
		this.idle = Schedulers.parallel().schedule(this::timedOut, this.idleTimeout.toMillis(),
				java.util.concurrent.TimeUnit.MILLISECONDS);
		request(1);
	}

	private void timedOut() {
		synchronized (this.held) {
			if (!this.settled.compareAndSet(false, true)) {
				return;
			}
			cancel();
			dropHeld();
		}
		this.result.error(GatewayError.REQUEST_TIMEOUT.exception("The request body arrived too slowly"));
	}

	private void dropHeld() {
		this.budget.release(this.size);
		this.held.forEach(DataBufferUtils::release);
		this.held.clear();
	}

}
