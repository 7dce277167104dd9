package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;

/**
 * A change to a session, as the Lua scripts that make it announce it on {@link #CHANNEL}:
 * {@code "<tag> <version> <seconds> <microseconds>"}, the version being the one now stored
 * or {@code e} when the session ended, and the time Redis' own ({@code TIME}) at the change.
 * The announcement is part of the script, so no change is ever made without it.
 *
 * @param tag the session's tag (never its cookie)
 * @param version the version now stored, or {@link #ENDED}
 * @param changedAtMicros when Redis made the change, in microseconds since the epoch
 */
public record SessionChange(String tag, long version, long changedAtMicros) {

	/** Classic pub/sub: in a Redis Cluster a PUBLISH reaches every node, so one subscription hears every shard. */
	public static final String CHANNEL = "sg:sessions";

	/** The version of an ended session: newer than any stored version. */
	public static final long ENDED = Long.MAX_VALUE;

	static final byte[] CHANNEL_BYTES = CHANNEL.getBytes(StandardCharsets.US_ASCII);

	public boolean ended() {
		return this.version == ENDED;
	}

	/** The change a message announces, or null when it is not one (a newer gateway's format, say). */
	public static SessionChange parse(String message) {
		String[] parts = message.split(" ");
		if (parts.length != 4) {
			return null;
		}
		try {
			long version = "e".equals(parts[1]) ? ENDED : Long.parseLong(parts[1]);
			long micros = Long.parseLong(parts[2]) * 1_000_000L + Long.parseLong(parts[3]);
			return new SessionChange(parts[0], version, micros);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
