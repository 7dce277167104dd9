package dev.sessiongate.session;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.observability.FailureLog;
import io.lettuce.core.RedisException;

import org.springframework.dao.DataAccessException;

/**
 * Redis failures as the contract names them: {@code session_store_unavailable}. Everything
 * that talks to Redis (the session store, the refresh lease) maps its errors here, so a
 * Redis outage never surfaces as a raw Spring Data exception and a 500.
 */
public final class SessionStoreFailures {

	private SessionStoreFailures() {
	}

	/** Redis failures become {@code session_store_unavailable}; anything else is a defect and stays as it is. */
	public static Throwable translate(Throwable failure) {
		if (!isRedisFailure(failure)) {
			return failure;
		}
		FailureLog.SESSION_STORE.record(SessionStoreFailures.class, failure.getClass().getSimpleName());
		return GatewayError.SESSION_STORE_UNAVAILABLE.exception("The session store could not be reached");
	}

	/** Whether {@code failure} is (or was translated from) Redis being unreachable or failing. */
	public static boolean isUnavailable(Throwable failure) {
		return GatewayError.SESSION_STORE_UNAVAILABLE.is(failure) || isRedisFailure(failure);
	}

	private static boolean isRedisFailure(Throwable failure) {
		return failure instanceof DataAccessException || failure instanceof RedisException;
	}

}
