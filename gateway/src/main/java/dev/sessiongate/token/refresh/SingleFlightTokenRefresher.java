package dev.sessiongate.token.refresh;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionEndReason;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.IdentityProviderException;
import dev.sessiongate.token.TokenEndpointClient;
import dev.sessiongate.token.TokenSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Refreshes a session's tokens once for all concurrent callers: within this instance
 * through one shared {@code Mono} per session, across instances through a Redis lease.
 * The refresh reads the session again, calls the IdP only if the stored tokens still need
 * it, and stores the rotated tokens (version-checked) before any waiter goes on.
 */
class SingleFlightTokenRefresher implements TokenRefresher {

	private static final Log logger = LogFactory.getLog(SingleFlightTokenRefresher.class);

	private static final Retry STORE_RETRY = Retry.backoff(3, Duration.ofMillis(200))
		.filter(failure -> failure instanceof GatewayErrorException error
				&& error.error() == GatewayError.SESSION_STORE_UNAVAILABLE)
		.onRetryExhaustedThrow((spec, signal) -> signal.failure());

	private final SessionStore store;

	private final CrossInstanceRefresh crossInstance;

	private final TokenEndpointClient tokenEndpoint;

	private final RefreshProperties properties;

	private final Clock clock;

	private final InFlightRefreshes inFlight;

	private final RefreshMetrics metrics;

	SingleFlightTokenRefresher(SessionStore store, CrossInstanceRefresh crossInstance,
			TokenEndpointClient tokenEndpoint, RefreshProperties properties, Clock clock, RefreshMetrics metrics) {
		this.store = store;
		this.crossInstance = crossInstance;
		this.tokenEndpoint = tokenEndpoint;
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
		this.inFlight = new InFlightRefreshes(properties.timeout(), metrics::joined);
	}

	@Override
	public Mono<Session> ensureFresh(Session session) {
		if (!expiresSoon(session)) {
			return Mono.just(session);
		}
		return refresh(session, this::expiresSoon)
			.onErrorResume(failure -> isOutage(failure) && notYetExpired(session), failure -> Mono.just(session));
	}

	@Override
	public Mono<Session> replaceRejected(Session session, String rejectedAccessToken) {
		return refresh(session, current -> current.tokens().accessToken().equals(rejectedAccessToken));
	}

	/**
	 * One refresh per session in this instance, and through the lease across instances;
	 * {@code needsRefresh} is asked again of the stored session, since another request or
	 * instance may have refreshed since this one read it.
	 */
	private Mono<Session> refresh(Session session, Predicate<Session> needsRefresh) {
		return this.inFlight
			.join(session.id(),
					() -> this.metrics.observed(GatewayMeters.REFRESH_FLIGHT,
							this.crossInstance.refresh(session.id(), needsRefresh, this::callIdp)))
			.onErrorMap(TimeoutException.class, timeout -> idpUnavailable());
	}

	private Mono<Session> callIdp(Session current) {
		if (!current.tokens().hasRefreshToken()) {
			return endSession(current);
		}
		return this.tokenEndpoint.refresh(current.tokens().refreshToken())
			.transform(this.metrics::timed)
			.flatMap(response -> store(current, current.tokens().refreshedWith(response.tokens())))
			.onErrorResume(IdentityProviderException.class,
					failure -> failure.isInvalidGrant() ? endSession(current) : Mono.error(idpUnavailable()));
	}

	private Mono<Session> store(Session current, TokenSet refreshed) {
		return this.store.updateTokens(current, refreshed)
			// The IdP has rotated the refresh token: losing this write would lose the session,
			// so a Redis hiccup gets a few more tries. A try that did land shows as a newer
			// version on the next one, which then reads what was stored.
			.retryWhen(STORE_RETRY)
			// Another writer came first; what it stored is newer than what we read.
			.switchIfEmpty(Mono.defer(() -> this.store.find(current.id())))
			.switchIfEmpty(Mono.error(() -> GatewayError.UNAUTHENTICATED.exception("The session has ended")));
	}

	/**
	 * The refresh token is dead. If the store already holds a newer version, another
	 * refresh won and its tokens are good; otherwise the session ends.
	 */
	private Mono<Session> endSession(Session current) {
		return this.store.find(current.id())
			.filter(stored -> stored.version() > current.version())
			.switchIfEmpty(Mono.defer(() -> {
				logger.info("Refresh token of " + current.id() + " rejected by the IdP; ending the session");
				return this.store.delete(current.id(), SessionEndReason.INVALID_GRANT)
					.then(Mono.error(GatewayError.SESSION_EXPIRED
						.exception("The identity provider ended the session: sign in again")));
			}));
	}

	private boolean expiresSoon(Session session) {
		return session.tokens().expiresWithin(this.properties.skew(), this.clock.instant());
	}

	/** A proactive refresh that failed for an outage leaves a not-yet-expired token usable. */
	private boolean notYetExpired(Session session) {
		return session.tokens().accessTokenExpiresAt().isAfter(this.clock.instant());
	}

	private static boolean isOutage(Throwable failure) {
		return failure instanceof GatewayErrorException error
				&& error.error() == GatewayError.IDENTITY_PROVIDER_UNAVAILABLE;
	}

	private static GatewayErrorException idpUnavailable() {
		return GatewayError.IDENTITY_PROVIDER_UNAVAILABLE
			.exception("The identity provider could not be reached: try again shortly");
	}

}
