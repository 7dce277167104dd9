package dev.sessiongate.observability;

/**
 * The gateway's meter names and tag keys, in one place (CONTRACT section 7). Dotted
 * lowercase; Prometheus renders {@code sessiongate.refresh} as
 * {@code sessiongate_refresh_seconds}. Tags are low-cardinality only: never a session
 * or user id.
 */
public final class GatewayMeters {

	/** Timer of refreshes at the IdP, tagged {@link #OUTCOME}. */
	public static final String REFRESH = "sessiongate.refresh";

	/** Requests that waited on a refresh already in flight instead of starting one. */
	public static final String REFRESH_JOINED = "sessiongate.refresh.joined";

	/** Requests sent upstream again after a 401. */
	public static final String RELAY_REPLAYS = "sessiongate.relay.replays";

	public static final String SESSIONS_CREATED = "sessiongate.sessions.created";

	/** Sessions ended, tagged {@link #REASON}. */
	public static final String SESSIONS_ENDED = "sessiongate.sessions.ended";

	/** Logouts whose refresh token the IdP could not revoke; the session ended anyway. */
	public static final String LOGOUT_REVOCATION_FAILURES = "sessiongate.logout.revocation.failures";

	/** Session reads by the near cache, tagged {@link #RESULT} {@code hit} or {@code miss}. */
	public static final String SESSION_CACHE_REQUESTS = "sessiongate.session.cache.requests";

	/** Sessions the near cache let go before their time, tagged {@link #CAUSE}. */
	public static final String SESSION_CACHE_EVICTIONS = "sessiongate.session.cache.evictions";

	/** Sessions the near cache holds now. */
	public static final String SESSION_CACHE_SIZE = "sessiongate.session.cache.size";

	/** Timer from a session's change in Redis to this instance hearing of it. */
	public static final String SESSION_CACHE_INVALIDATION_LAG = "sessiongate.session.cache.invalidation.lag";

	public static final String OUTCOME = "outcome";

	public static final String RESULT = "result";

	public static final String CAUSE = "cause";

	public static final String REASON = "reason";

	private GatewayMeters() {
	}

}
