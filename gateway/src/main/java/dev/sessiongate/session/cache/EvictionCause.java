package dev.sessiongate.session.cache;

import java.util.Locale;

/** Why the near cache let a session go; the {@code cause} tag of its evictions counter. */
enum EvictionCause {

	/** Another version was stored (a refresh, on any instance). */
	CHANGED,
	/** The session ended (logout, back-channel logout, {@code invalid_grant}, timeout), on any instance. */
	ENDED,
	/** Its idle or absolute deadline came near: the next read asks Redis. */
	DEADLINE,
	/** Redis no longer has it (a slide found it gone). */
	GONE,
	/** The invalidation channel was lost: everything held was dropped. */
	DISCONNECTED,
	/** Pushed out by newer entries ({@code max-entries}). */
	SIZE,
	/** Held for {@code ttl}, the safety net. */
	TTL;

	String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
