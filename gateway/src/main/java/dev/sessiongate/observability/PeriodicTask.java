package dev.sessiongate.observability;

import java.time.Duration;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Reactive work run at start-up and then every {@code interval} while the application
 * runs, one run at a time; a run that fails is dropped and the next one comes on time.
 * For metrics a scrape must not wait for (a gauge never touches the network).
 */
public abstract class PeriodicTask implements SmartLifecycle {

	private final Duration interval;

	private volatile Disposable runs;

	protected PeriodicTask(Duration interval) {
		this.interval = interval;
	}

	/** One run; its failure only ends this run. */
	protected abstract Mono<Void> runOnce();

	@Override
	public void start() {
		this.runs = Flux.interval(Duration.ZERO, this.interval)
			.onBackpressureDrop()
			.concatMap(tick -> runOnce().onErrorResume(failure -> Mono.empty()))
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.runs;
		if (running != null) {
			running.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		Disposable running = this.runs;
		return running != null && !running.isDisposed();
	}

}
