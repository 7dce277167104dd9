package dev.sessiongate.token.refresh;

import java.time.Clock;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import dev.sessiongate.error.GatewayError;
import dev.sessiongate.error.GatewayErrorException;
import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionEndReason;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.IdTokenVerifier;
import dev.sessiongate.token.IdentityProviderException;
import dev.sessiongate.token.TokenEndpointClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Refreshes a session's tokens once for all concurrent callers: within this instance
 * through one shared {@code Mono} per session, across instances through a Redis lease.
 * The refresh reads the session again, calls the IdP only if the stored tokens still need
 * it, and stores the rotated tokens (version-checked, retried through Redis outages by
 * {@link RotatedTokenWriter}); its waiters get the refreshed session from memory.
 */
class SingleFlightTokenRefresher implements TokenRefresher {

	private static final Log logger = LogFactory.getLog(SingleFlightTokenRefresher.class);

	private final SessionStore store;

	private final CrossInstanceRefresh crossInstance;

	private final TokenEndpointClient tokenEndpoint;

	private final RotatedTokenWriter writer;

	private final IdTokenVerifier idTokens;

	private final RefreshProperties properties;

	private final Clock clock;

	private final InFlightRefreshes inFlight;

	private final RecentIdpFailures failures;

	private final RefreshMetrics metrics;

	SingleFlightTokenRefresher(SessionStore store, CrossInstanceRefresh crossInstance,
			TokenEndpointClient tokenEndpoint, InFlightRefreshes inFlight, RefreshProperties properties, Clock clock,
			RefreshMetrics metrics, IdTokenVerifier idTokens) {
		this.store = store;
		this.crossInstance = crossInstance;
		this.tokenEndpoint = tokenEndpoint;
		this.inFlight = inFlight;
		this.idTokens = idTokens;
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
		this.writer = new RotatedTokenWriter(store, properties.storeRetry(), clock);
		this.failures = new RecentIdpFailures(properties.failureBackoff(), clock);
	}

	@Override
	public Mono<Session> ensureFresh(Session session) {
		if (!expiresSoon(session)) {
			return Mono.just(session);
		}
		// An outage of the IdP or of Redis (the lease) leaves a not-yet-expired token usable.
		return refresh(session, this::expiresSoon)
			.onErrorResume(failure -> isOutage(failure) && notYetExpired(session), failure -> Mono.just(session));
	}

	/**
	 * Empty when the upstream's 401 should reach the client as it is: the session has no
	 * refresh token, or its tokens came from a refresh less than {@code min-token-age} ago and
	 * are not about to expire (an API that refuses every token would otherwise cost a refresh
	 * per request). Tokens from the login are not limited: their first 401 gets one refresh.
	 */
	@Override
	public Mono<Session> replaceRejected(Session session, String rejectedAccessToken) {
		Predicate<Session> stillRejected = current -> current.tokens().accessToken().equals(rejectedAccessToken);
		// A young token that is (nearly) expired is refreshed all the same: expiry explains the 401.
		Predicate<Session> worthRefreshing = current -> current.tokens().hasRefreshToken()
				&& (!isYoung(current) || expiresSoon(current));
		Predicate<Session> needsRefresh = stillRejected.and(worthRefreshing);
		if (!needsRefresh.test(session)) {
			return stillRejected.test(session) ? Mono.empty() : Mono.just(session);
		}
		return refresh(session, needsRefresh).filter(stillRejected.negate());
	}

	/**
	 * One refresh per session in this instance, and through the lease across instances;
	 * {@code needsRefresh} is asked again of the stored session, since another request or
	 * instance may have refreshed since this one read it.
	 */
	private Mono<Session> refresh(Session session, Predicate<Session> needsRefresh) {
		if (this.failures.isBackingOff(session.id())) {
			return Mono.error(idpUnavailable());
		}
		return join(session, needsRefresh).flatMap(refreshed -> isStale(refreshed, session, needsRefresh)
				// One more round, once the tokens in hand are stored: the refresh token to use is theirs.
				? refreshed.stored()
					.timeout(this.properties.timeout(), Mono.error(SingleFlightTokenRefresher::storeUnavailable))
					.then(join(refreshed.session(), needsRefresh))
					.map(Refreshed::session)
				: Mono.just(refreshed.session()))
			.onErrorMap(TimeoutException.class, timeout -> idpUnavailable());
	}

	private Mono<Refreshed> join(Session session, Predicate<Session> needsRefresh) {
		return this.inFlight.join(session.id(), () -> this.metrics.observed(GatewayMeters.REFRESH_FLIGHT,
				this.crossInstance.refresh(session.id(), needsRefresh, this::callIdp)));
	}

	/**
	 * Whether a joined refresh left this caller's need unmet, so that it takes one more: the
	 * refresh was started for another reason and kept this caller's tokens (another request's
	 * stale 401), or it handed out tokens from memory that went stale while Redis was down
	 * (an outage longer than their life). A refresh that just got short-lived tokens does not
	 * count: refreshing again would get the same.
	 */
	private static boolean isStale(Refreshed refreshed, Session asked, Predicate<Session> needsRefresh) {
		Session result = refreshed.session();
		boolean keptTheCallersTokens = result.tokens().accessToken().equals(asked.tokens().accessToken());
		return needsRefresh.test(result) && (keptTheCallersTokens || refreshed.fromMemory());
	}

	private Mono<Refreshed> callIdp(Session current) {
		if (!current.tokens().hasRefreshToken()) {
			return endSession(current);
		}
		return this.tokenEndpoint.refresh(current.tokens().refreshToken())
			.transform(this.metrics::timed)
			.doOnNext(response -> this.failures.succeeded(current.id()))
			// A refreshed ID token of another user is dropped, never the rotated tokens: the
			// check resumes every failure of its own with the previous ID token kept.
			.flatMap(response -> this.idTokens.keepIfSameUser(current.tokens(), response.tokens()))
			.flatMap(tokens -> this.writer.store(current, current.tokens().refreshedWith(tokens)))
			// Only the IdP call fails with this type; the store's failures are the contract's already.
			.onErrorResume(IdentityProviderException.class,
					failure -> failure.isInvalidGrant() ? endSession(current) : idpDown(current));
	}

	private Mono<Refreshed> idpDown(Session current) {
		this.failures.failed(current.id());
		return Mono.error(idpUnavailable());
	}

	/**
	 * The refresh token is dead. If the store already holds a newer version, another
	 * refresh won and its tokens are good; otherwise the session ends.
	 */
	private Mono<Refreshed> endSession(Session current) {
		return this.store.findCurrent(current.id())
			.filter(stored -> stored.version() > current.version())
			.map(Refreshed::stored)
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

	/**
	 * Tokens a refresh obtained less than {@code min-token-age} ago; the login's (the session's
	 * first version) never count.
	 */
	private boolean isYoung(Session session) {
		return session.version() > 1
				&& session.tokensObtainedAt().plus(this.properties.minTokenAge()).isAfter(this.clock.instant());
	}

	private boolean notYetExpired(Session session) {
		return session.tokens().accessTokenExpiresAt().isAfter(this.clock.instant());
	}

	private static boolean isOutage(Throwable failure) {
		return failure instanceof GatewayErrorException error
				&& (error.error() == GatewayError.IDENTITY_PROVIDER_UNAVAILABLE
						|| error.error() == GatewayError.SESSION_STORE_UNAVAILABLE);
	}

	private static GatewayErrorException storeUnavailable() {
		return GatewayError.SESSION_STORE_UNAVAILABLE.exception("The session store could not be reached");
	}

	private static GatewayErrorException idpUnavailable() {
		return GatewayError.IDENTITY_PROVIDER_UNAVAILABLE
			.exception("The identity provider could not be reached: try again shortly");
	}

}
