package dev.sessiongate.session;

/** Why a session ended; the {@code reason} tag of {@code sessiongate_sessions_ended_total}. */
public enum SessionEndReason {

	LOGOUT, BACKCHANNEL, EXPIRED, INVALID_GRANT;

	String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
