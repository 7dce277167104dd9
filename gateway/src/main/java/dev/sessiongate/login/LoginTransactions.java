package dev.sessiongate.login;

import java.time.Duration;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.observability.FailureLog;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Login transactions in Redis, keyed by the login cookie. Taking one deletes it in the same
 * command (GETDEL), so a transaction finishes at most once, even when two callbacks race.
 */
@Component
class LoginTransactions {

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final Duration timeout;

	LoginTransactions(ReactiveRedisTemplate<String, byte[]> sessionRedisTemplate, LoginProperties properties) {
		this.redis = sessionRedisTemplate;
		this.timeout = properties.transactionTimeout();
	}

	Mono<Void> save(String cookieValue, LoginTransaction transaction) {
		return this.redis.opsForValue()
			.set(LoginCookie.transactionKey(cookieValue), transaction.toJson(), this.timeout)
			.onErrorMap(LoginTransactions::unavailable)
			.then();
	}

	/** The transaction the cookie names, removed from the store; empty when there is none. */
	Mono<LoginTransaction> take(String cookieValue) {
		return this.redis.opsForValue()
			.getAndDelete(LoginCookie.transactionKey(cookieValue))
			.onErrorMap(LoginTransactions::unavailable)
			.map(LoginTransaction::fromJson);
	}

	private static Throwable unavailable(Throwable failure) {
		if (failure instanceof GatewayErrorException) {
			return failure;
		}
		FailureLog.SESSION_STORE.record(LoginTransactions.class, failure.getClass().getSimpleName());
		return GatewayError.SESSION_STORE_UNAVAILABLE.exception("The session store could not be reached");
	}

}
