package dev.sessiongate.observability;

/**
 * The gateway's meter, observation and tag names, in one place (CONTRACT section 7).
 * Dotted lowercase; Prometheus renders {@code sessiongate.refresh} as
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

	/**
	 * Sessions opened by a login. Not {@code created}: the Prometheus client reserves the
	 * {@code _created} suffix, so that name could never be exposed.
	 */
	public static final String SESSIONS_STARTED = "sessiongate.sessions.started";

	/** Sessions ended, tagged {@link #REASON}. */
	public static final String SESSIONS_ENDED = "sessiongate.sessions.ended";

	/** Live sessions, estimated from Redis about once a minute (a gauge). */
	public static final String SESSIONS_LIVE = "sessiongate.sessions.live";

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

	/** Finished logins (callback and app login end), tagged {@link #OUTCOME}. */
	public static final String LOGINS = "sessiongate.logins";

	/** Error answers of the contract (section 6), tagged {@link #CODE}. */
	public static final String ERRORS = "sessiongate.errors";

	/** 1 while a shared dependency answers its health check, 0 while not; tagged {@link #DEPENDENCY}. */
	public static final String DEPENDENCY_UP = "sessiongate.dependency.up";

	/** Timer of calls to the IdP, tagged {@link #ENDPOINT}, {@link #OUTCOME} and {@code status}. */
	public static final String IDP_REQUESTS = "sessiongate.idp.requests";

	/** Observation (span and timer) of a request's session lookup that reads Redis: near-cache hits have none. */
	public static final String SESSION_LOOKUP = "sessiongate.session.lookup";

	/**
	 * Observation of one refresh flight as its requests share it: lease, re-read, IdP call
	 * and store. Named apart from {@link #REFRESH}, which times the IdP call alone.
	 */
	public static final String REFRESH_FLIGHT = "sessiongate.refresh.flight";

	/** Observation of the wait for another instance's refresh lease. */
	public static final String REFRESH_LEASE_WAIT = "sessiongate.refresh.lease.wait";

	/** Observation of a request sent upstream again after a 401, refresh included. */
	public static final String RELAY_REPLAY = "sessiongate.relay.replay";

	public static final String OUTCOME = "outcome";

	public static final String RESULT = "result";

	public static final String CAUSE = "cause";

	public static final String REASON = "reason";

	public static final String CODE = "code";

	public static final String ENDPOINT = "endpoint";

	public static final String DEPENDENCY = "dependency";

	private GatewayMeters() {
	}

}
