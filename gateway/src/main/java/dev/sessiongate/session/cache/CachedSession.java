package dev.sessiongate.session.cache;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.sessiongate.session.Session;

/**
 * An opened session in the near cache, with what the cache knows of its idle timeout:
 * {@code seenInRedis}, the last-seen time Redis is known to hold (its key lives at least
 * until that plus the idle timeout), and {@code lastSeen}, the latest request served from
 * memory, which the {@link IdleSlides} write to Redis in the background.
 */
final class CachedSession {

	private final Session session;

	private volatile long seenInRedis;

	private volatile long lastSeen;

	private final AtomicBoolean slideQueued = new AtomicBoolean();

	CachedSession(Session session, long seenInRedis, long lastSeen) {
		this.session = session;
		this.seenInRedis = seenInRedis;
		this.lastSeen = Math.max(seenInRedis, lastSeen);
	}

	Session session() {
		return this.session;
	}

	String tag() {
		return this.session.id().tag();
	}

	long version() {
		return this.session.version();
	}

	long seenInRedis() {
		return this.seenInRedis;
	}

	long lastSeen() {
		return this.lastSeen;
	}

	/**
	 * Whether the session may be served from memory at {@code now}: before its absolute
	 * deadline, and a margin before Redis could let its key expire for idleness. Past that
	 * margin the read goes to Redis, which is the one to say whether it idled out.
	 */
	boolean servableAt(long now, long idleMillis, long marginMillis) {
		return now < this.session.expiresAt().toEpochMilli() && now < this.seenInRedis + idleMillis - marginMillis;
	}

	/** Records a request served from memory; racing writers may lose a few milliseconds, never go back. */
	void seen(long now) {
		if (now > this.lastSeen) {
			this.lastSeen = now;
		}
	}

	/** Whether a request was served since Redis last heard of one. */
	boolean hasUnsentUse() {
		return this.lastSeen > this.seenInRedis;
	}

	void slidTo(long storedSeen) {
		if (storedSeen > this.seenInRedis) {
			this.seenInRedis = storedSeen;
		}
	}

	/** Takes this session into the slide queue once; false when it is queued already. */
	boolean queueSlide() {
		return this.slideQueued.compareAndSet(false, true);
	}

	void slideTaken() {
		this.slideQueued.set(false);
	}

	/** This entry's successor, carrying what this one knows of the idle timeout. */
	CachedSession succeededBy(CachedSession next) {
		next.slidTo(this.seenInRedis);
		next.seen(this.lastSeen);
		return next;
	}

}
