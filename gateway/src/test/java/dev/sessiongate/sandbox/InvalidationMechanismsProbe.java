package dev.sessiongate.sandbox;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The two ways Redis can tell a near cache that a session changed, measured side by side on one real
 * {@code redis-server} (issue 11's choice): a pub/sub message published by the script that changes the session (what
 * the gateway does), and RESP3 server-assisted client-side caching ({@code CLIENT TRACKING}), in its default mode (a
 * connection hears of the keys it read) and in broadcast mode (of every key under a prefix). Each sample changes one
 * session hash through a second connection and times, in this JVM, from sending the change to the listening
 * connection hearing of it. Prints one JSON line. Run by {@code bench.sh relay-cost}; plain threads, test code.
 */
public final class InvalidationMechanismsProbe {

	private static final String UPDATE_AND_PUBLISH = "redis.call('HSET', KEYS[1], 'd', ARGV[1]) "
			+ "redis.call('PUBLISH', 'sg:sessions', KEYS[1]) return 1";

	private static final String UPDATE = "redis.call('HSET', KEYS[1], 'd', ARGV[1]) return 1";

	private InvalidationMechanismsProbe() {
	}

	public static void main(String[] args) throws Exception {
		int samples = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		LocalRedis redis = LocalRedis.start(List.of());
		RedisClient client = RedisClient.create(redis.url());
		try (StatefulRedisConnection<String, String> writer = client.connect()) {
			String pubSub = summary(pubSub(client, writer.sync(), samples));
			String tracking = summary(tracking(client, writer.sync(), samples, false));
			String broadcast = summary(tracking(client, writer.sync(), samples, true));
			System.out.println("{\"samples\":" + samples + ",\"pubSubInScript\":" + pubSub + ",\"clientTracking\":"
					+ tracking + ",\"clientTrackingBcast\":" + broadcast + "}");
		}
		finally {
			client.shutdown();
			redis.close();
		}
	}

	private static long[] pubSub(RedisClient client, RedisCommands<String, String> writer, int samples)
			throws InterruptedException {
		LinkedBlockingQueue<Long> heard = new LinkedBlockingQueue<>();
		try (StatefulRedisPubSubConnection<String, String> listener = client.connectPubSub()) {
			listener.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					heard.offer(System.nanoTime());
				}
			});
			listener.sync().subscribe("sg:sessions");
			return measure(samples, heard, i -> {
			}, i -> writer.eval(UPDATE_AND_PUBLISH, ScriptOutputType.INTEGER, new String[] { "sg:{probe}:s" },
					Integer.toString(i)));
		}
	}

	private static long[] tracking(RedisClient client, RedisCommands<String, String> writer, int samples,
			boolean broadcast) throws InterruptedException {
		LinkedBlockingQueue<Long> heard = new LinkedBlockingQueue<>();
		try (StatefulRedisConnection<String, String> reader = client.connect()) {
			reader.addListener(message -> {
				if ("invalidate".equals(message.getType())) {
					heard.offer(System.nanoTime());
				}
			});
			TrackingArgs args = TrackingArgs.Builder.enabled();
			reader.sync().clientTracking(broadcast ? args.bcast().prefixes("sg:") : args);
			// Default mode: a connection hears only of keys it read since their last invalidation.
			return measure(samples, heard, i -> reader.sync().hget("sg:{probe}:s", "d"),
					i -> writer.eval(UPDATE, ScriptOutputType.INTEGER, new String[] { "sg:{probe}:s" },
							Integer.toString(i)));
		}
	}

	private static long[] measure(int samples, LinkedBlockingQueue<Long> heard, Change prepare, Change change)
			throws InterruptedException {
		long[] micros = new long[samples];
		for (int i = 0; i < samples + 200; i++) {
			prepare.make(i);
			heard.clear();
			long sent = System.nanoTime();
			change.make(i);
			Long at = heard.poll(5, TimeUnit.SECONDS);
			if (at == null) {
				throw new IllegalStateException("no notification for change " + i);
			}
			// The first 200 warm the JIT up and are left out.
			if (i >= 200) {
				micros[i - 200] = (at - sent) / 1000;
			}
		}
		return micros;
	}

	private static String summary(long[] micros) {
		long[] sorted = micros.clone();
		Arrays.sort(sorted);
		return String.format(Locale.ROOT, "{\"p50Micros\":%d,\"p99Micros\":%d,\"maxMicros\":%d}",
				sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.99) - 1], sorted[sorted.length - 1]);
	}

	private interface Change {

		void make(int i);

	}

}
