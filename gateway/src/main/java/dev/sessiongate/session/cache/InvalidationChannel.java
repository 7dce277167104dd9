package dev.sessiongate.session.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.sessiongate.session.SessionChange;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

/**
 * The near cache's ear on {@link SessionChange#CHANNEL}: one pub/sub connection of Lettuce's
 * own (Spring's listener container hides whether it is connected, and the cache may be
 * trusted only while it is). Classic pub/sub reaches every node of a Redis Cluster, so this
 * one connection hears the changes of every shard.
 *
 * <p>Lost when Lettuce reports the connection down, or when a heartbeat {@code PING} goes
 * unanswered (a frozen server or a silent network keeps the socket open); heard again once a
 * {@code SUBSCRIBE} is confirmed after that, by then on whatever connection Lettuce has
 * reconnected. Changes published in between are gone, which is why the cache drops
 * everything when the channel is lost.
 */
final class InvalidationChannel implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(InvalidationChannel.class);

	/** Started after the Redis connection factory (phase 0), stopped before it. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/**
	 * A frozen Redis is noticed within two seconds (interval plus timeout), so the next request on
	 * a cached session reads Redis and answers 503 well within five, the command timeout included.
	 */
	private static final Duration HEARTBEAT = Duration.ofSeconds(1);

	private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration FIRST_SUBSCRIPTION_WAIT = Duration.ofSeconds(5);

	/** What the near cache does with what this channel hears. */
	interface Listener {

		void changed(SessionChange change);

		void lost();

		void heard();

	}

	private final Supplier<AbstractRedisClient> clients;

	private volatile AbstractRedisClient client;

	private final Listener listener;

	/** Moves on at every loss, so a subscription confirmed for an earlier connection is not believed. */
	private final AtomicLong losses = new AtomicLong();

	private volatile StatefulRedisPubSubConnection<String, String> connection;

	private volatile boolean subscribed;

	private volatile Disposable heartbeat;

	private final CompletableFuture<Void> firstHeard = new CompletableFuture<>();

	private final RedisConnectionStateListener disconnects = new RedisConnectionStateListener() {
		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
			if (handler == InvalidationChannel.this.connection) {
				lose("connection closed");
			}
		}
	};

	/** {@code clients} gives the connection factory's client, which exists once the factory has started. */
	InvalidationChannel(Supplier<AbstractRedisClient> clients, Listener listener) {
		this.clients = clients;
		this.listener = listener;
	}

	/**
	 * Starts listening, and waits a moment for the first subscription so that the first
	 * requests find the cache in use; with Redis out, it starts bypassed and is used once heard.
	 */
	@Override
	public void start() {
		this.client = this.clients.get();
		this.client.addListener(this.disconnects);
		this.heartbeat = Flux.interval(Duration.ZERO, HEARTBEAT)
			.onBackpressureDrop()
			.concatMap(tick -> beat().onErrorResume(failure -> Mono.empty()))
			.subscribe();
		try {
			this.firstHeard.get(FIRST_SUBSCRIPTION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.warn("Near cache channel not subscribed yet: sessions are read from Redis until it is");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Mono<Void> beat() {
		StatefulRedisPubSubConnection<String, String> current = this.connection;
		if (current == null) {
			return connect().then(Mono.defer(this::beat));
		}
		long lossesBefore = this.losses.get();
		return current.reactive()
			.ping()
			.timeout(HEARTBEAT_TIMEOUT)
			.then(Mono.defer(() -> this.subscribed ? Mono.<Void>empty() : subscribe(current, lossesBefore)))
			.onErrorResume(failure -> Mono.fromRunnable(() -> lose(failure.getClass().getSimpleName())));
	}

	/** Blocking in Lettuce's API, hence off the event loops; Lettuce reconnects it from then on. */
	private Mono<Void> connect() {
		return Mono.fromCallable(this::open)
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext(opened -> this.connection = opened)
			.doOnError(failure -> logger.debug("Near cache channel not connected: " + failure.getClass().getSimpleName()))
			.then();
	}

	private StatefulRedisPubSubConnection<String, String> open() {
		StatefulRedisPubSubConnection<String, String> opened = (this.client instanceof RedisClusterClient cluster)
				? cluster.connectPubSub(StringCodec.UTF8) : ((RedisClient) this.client).connectPubSub(StringCodec.UTF8);
		opened.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				SessionChange change = SessionChange.parse(message);
				if (change != null) {
					InvalidationChannel.this.listener.changed(change);
				}
			}
		});
		return opened;
	}

	private Mono<Void> subscribe(StatefulRedisPubSubConnection<String, String> current, long lossesBefore) {
		return current.reactive().subscribe(SessionChange.CHANNEL).then(Mono.fromRunnable(() -> {
			// Lost again while the confirmation was on its way: the next beat subscribes anew.
			if (this.losses.get() == lossesBefore) {
				if (lossesBefore > 0) {
					logger.info("Near cache channel heard again: sessions are served from memory");
				}
				this.subscribed = true;
				this.listener.heard();
				this.firstHeard.complete(null);
			}
		}));
	}

	private void lose(String why) {
		this.losses.incrementAndGet();
		if (this.subscribed) {
			logger.warn("Near cache channel lost (" + why + "): sessions are read from Redis until it is back");
		}
		this.subscribed = false;
		this.listener.lost();
	}

	@Override
	public void stop() {
		Disposable beats = this.heartbeat;
		if (beats != null) {
			beats.dispose();
		}
		this.client.removeListener(this.disconnects);
		this.subscribed = false;
		this.listener.lost();
		StatefulRedisPubSubConnection<String, String> current = this.connection;
		if (current != null) {
			current.closeAsync();
		}
	}

	@Override
	public boolean isRunning() {
		Disposable beats = this.heartbeat;
		return beats != null && !beats.isDisposed();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
