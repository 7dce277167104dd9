package dev.sessiongate.session.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * Decides whether a session read from Redis may enter the near cache. A read races the
 * changes announced on the invalidation channel: Redis may answer with the old session
 * while the change that replaced it is already on its way, or was heard while the read was
 * in flight. So every change heard leaves a fence (its order among changes, the version it
 * made), and a read is admitted only if no fence newer than the read's start names a newer
 * version of its session. A lost channel (and its return) moves the generation on, which
 * turns away every read that started before.
 *
 * <p>Callers put first and ask again after ({@link #admits}), taking the entry back out if
 * a change slipped in between: a change records its fence before it evicts, so one of the
 * two always sees the other.
 */
final class FillGuard {

	/** A read that takes longer than this is not cached: fences need only be kept a while longer. */
	static final Duration MAX_FILL = Duration.ofSeconds(10);

	private static final Duration FENCE_LIFE = MAX_FILL.multipliedBy(3);

	private final AtomicLong order = new AtomicLong();

	private final AtomicLong generation = new AtomicLong();

	private volatile boolean trusted;

	private final Cache<String, Fence> fences;

	FillGuard(int maxFences) {
		this.fences = Caffeine.newBuilder()
			.expireAfterWrite(FENCE_LIFE)
			.maximumSize(maxFences)
			// A fence pushed out early could admit a stale read: turn every read in flight away instead.
			.<String, Fence>evictionListener((tag, fence, cause) -> {
				if (cause == RemovalCause.SIZE) {
					this.generation.incrementAndGet();
				}
			})
			.build();
	}

	/** Whether the invalidation channel is heard, so that what the cache holds can be served. */
	boolean trusted() {
		return this.trusted;
	}

	/** The channel is heard (again): reads that started before cannot be admitted. */
	void trust() {
		this.generation.incrementAndGet();
		this.trusted = true;
	}

	/** The channel is lost; true when it was trusted until now. */
	boolean distrust() {
		boolean was = this.trusted;
		this.trusted = false;
		this.generation.incrementAndGet();
		return was;
	}

	/** Notes the start of a read of the session {@code tag}. */
	Ticket begin(String tag) {
		return new Ticket(tag, this.order.get(), this.generation.get(), System.nanoTime());
	}

	/** Records a change heard for {@code tag}: from now on, reads older than it must show {@code version}. */
	void fence(String tag, long version) {
		long position = this.order.incrementAndGet();
		this.fences.asMap()
			.merge(tag, new Fence(position, version),
					(earlier, later) -> new Fence(later.position(), Math.max(earlier.version(), later.version())));
	}

	/** Whether a read that began with {@code ticket} and found {@code version} may be cached. */
	boolean admits(Ticket ticket, long version) {
		if (!this.trusted || this.generation.get() != ticket.generation()
				|| System.nanoTime() - ticket.startedNanos() > MAX_FILL.toNanos()) {
			return false;
		}
		Fence fence = this.fences.getIfPresent(ticket.tag());
		return fence == null || fence.position() <= ticket.position() || version >= fence.version();
	}

	/** Runs pending evictions now (tests). */
	void cleanUp() {
		this.fences.cleanUp();
	}

	record Ticket(String tag, long position, long generation, long startedNanos) {
	}

	private record Fence(long position, long version) {
	}

}
