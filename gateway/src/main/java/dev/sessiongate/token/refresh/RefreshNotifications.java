package dev.sessiongate.token.refresh;

import java.time.Duration;

import dev.sessiongate.session.SessionId;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * Released refresh leases, as announced by their holders on {@link RefreshLease#CHANNEL}.
 * One subscription per instance, kept for its lifetime and resumed after Redis outages;
 * a waiter that misses a message still finds out by polling the lease.
 * <p>
 * Stopped as a lifecycle bean after the refreshes in flight ({@link RefreshShutdown}) and
 * before Lettuce's connection factory (phase 0): a factory stopped under a live, resubscribing
 * pub/sub connection waited forever in Lettuce's client shutdown.
 */
final class RefreshNotifications implements SmartLifecycle, AutoCloseable {

	/** After {@link RefreshShutdown} (DEFAULT_PHASE - 4096), before Lettuce's factory (0). */
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 8192;

	private static final Log logger = LogFactory.getLog(RefreshNotifications.class);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

	private final ReactiveRedisMessageListenerContainer container;

	/** Drops messages nobody waits for, so an idle instance buffers nothing. */
	private final Sinks.Many<String> releasedTags = Sinks.many().multicast().directBestEffort();

	private final Disposable subscription;

	private volatile boolean closed;

	RefreshNotifications(ReactiveRedisConnectionFactory connectionFactory) {
		this.container = new ReactiveRedisMessageListenerContainer(connectionFactory);
		Flux<String> published = Flux.defer(() -> this.container.receive(ChannelTopic.of(RefreshLease.CHANNEL)))
			.map(message -> message.getMessage())
			.doOnError(ex -> logger.debug("Refresh notifications interrupted: " + ex.getClass().getSimpleName()))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
				.maxBackoff(Duration.ofSeconds(5))
				.filter(ex -> !this.closed));
		// Ends in an error only once closed (Lettuce cancels the subscription's commands then).
		this.subscription = published.subscribe(this.releasedTags::tryEmitNext, ex -> {
		});
	}

	/** Completes when the lease of this session is next released. */
	Mono<Void> nextRelease(SessionId id) {
		return this.releasedTags.asFlux().filter(tag -> tag.equals(id.tag())).next().then();
	}

	@Override
	public void start() {
		// Subscribed since construction.
	}

	@Override
	public void stop() {
		close();
	}

	@Override
	public boolean isRunning() {
		return !this.closed;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		// The container cancels its own subscriptions and gives its connection back once;
		// disposing ours first made it return the connection twice.
		try {
			// destroy() would wait without bound for Redis to confirm the unsubscribe; a
			// shutdown while a node is unreachable must not hang on it.
			this.container.destroyLater().timeout(CLOSE_TIMEOUT).block();
		}
		catch (RuntimeException ex) {
			// Redis is gone at shutdown: nothing left to give back.
			logger.debug("Refresh notifications closed with Redis unreachable: " + ex.getClass().getSimpleName());
		}
		this.subscription.dispose();
	}

}
