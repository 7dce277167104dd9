package dev.sessiongate.token.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionId;
import dev.sessiongate.session.SessionIds;
import dev.sessiongate.token.TokenSet;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightRefreshesTests {

	private final AtomicInteger joins = new AtomicInteger();

	private final InFlightRefreshes inFlight = new InFlightRefreshes(Duration.ofSeconds(5), this.joins::incrementAndGet);

	private final SessionId id = SessionIds.random();

	private final Session refreshed = session(this.id, 2);

	@Test
	void joinWhenRefreshInFlightThenLaterCallersShareItAndTheRefreshRunsOnce() {
		AtomicInteger started = new AtomicInteger();
		Sinks.One<Refreshed> idp = Sinks.one();
		Mono<Session> first = join(this.id, () -> {
			started.incrementAndGet();
			return idp.asMono();
		});
		Mono<Session> second = join(this.id, () -> {
			started.incrementAndGet();
			return Mono.never();
		});

		StepVerifier.create(Mono.zip(first, second))
			.then(() -> idp.tryEmitValue(Refreshed.stored(this.refreshed)))
			.assertNext(both -> assertThat(both.getT1()).isSameAs(both.getT2()))
			.verifyComplete();
		assertThat(started).hasValue(1);
		assertThat(this.joins).hasValue(1);
		assertThat(this.inFlight.size()).isZero();
	}

	@Test
	void joinWhenStarterCancelsThenRefreshCompletesForTheOthers() {
		AtomicInteger started = new AtomicInteger();
		Sinks.One<Refreshed> idp = Sinks.one();
		Disposable starter = join(this.id, () -> {
			started.incrementAndGet();
			return idp.asMono();
		}).subscribe();
		Mono<Session> waiter = join(this.id, Mono::never);

		StepVerifier.create(waiter)
			.then(starter::dispose)
			.then(() -> idp.tryEmitValue(Refreshed.stored(this.refreshed)))
			.expectNext(this.refreshed)
			.verifyComplete();
		assertThat(started).hasValue(1);
	}

	@Test
	void joinWhenRefreshFailedThenNextCallerStartsAFreshOne() {
		StepVerifier.create(join(this.id, () -> Mono.error(new IllegalStateException("idp down"))))
			.verifyError(IllegalStateException.class);

		StepVerifier.create(join(this.id, () -> Mono.just(Refreshed.stored(this.refreshed))))
			.expectNext(this.refreshed)
			.verifyComplete();
		assertThat(this.joins).hasValue(0);
		assertThat(this.inFlight.size()).isZero();
	}

	@Test
	void joinWhenWaitersGiveUpThenTheRefreshIsNeverCancelledAndItsLateAnswerStillCompletesIt() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		try {
			AtomicReference<Throwable> failure = new AtomicReference<>();
			AtomicInteger cancelled = new AtomicInteger();
			AtomicInteger completed = new AtomicInteger();
			Sinks.One<Refreshed> idp = Sinks.one();
			this.inFlight
				.join(this.id, () -> idp.asMono()
					.doOnCancel(cancelled::incrementAndGet)
					.doOnSuccess(done -> completed.incrementAndGet()))
				.subscribe(session -> {
				}, failure::set);

			time.advanceTimeBy(Duration.ofMinutes(10));
			assertThat(failure.get()).isInstanceOf(TimeoutException.class);
			assertThat(cancelled).as("the IdP call on the wire is never cancelled").hasValue(0);
			assertThat(this.inFlight.size()).as("refresh still running for a late IdP answer").isOne();

			idp.tryEmitValue(Refreshed.stored(this.refreshed));
			assertThat(completed).hasValue(1);
			assertThat(this.inFlight.size()).isZero();
		}
		finally {
			VirtualTimeScheduler.reset();
		}
	}

	@Test
	void joinWhileTheRefreshedTokensAreStillBeingStoredThenCallersGetThemFromMemoryUntilStored() {
		Sinks.Empty<Void> stored = Sinks.empty();
		Refreshed inMemory = Refreshed.inMemory(this.refreshed, stored.asMono());
		StepVerifier.create(join(this.id, () -> Mono.just(inMemory)))
			.expectNext(this.refreshed)
			.verifyComplete();

		AtomicInteger startedAgain = new AtomicInteger();
		StepVerifier.create(join(this.id, () -> {
			startedAgain.incrementAndGet();
			return Mono.never();
		})).expectNext(this.refreshed).verifyComplete();
		assertThat(startedAgain).hasValue(0);
		assertThat(this.inFlight.size()).isOne();

		stored.tryEmitEmpty();
		assertThat(this.inFlight.size()).isZero();
	}

	@Test
	void joinWhenSessionsDifferThenRefreshesRunIndependently() {
		AtomicInteger started = new AtomicInteger();
		SessionId other = SessionIds.random();

		Mono.zip(join(this.id, () -> Mono.fromCallable(() -> {
			started.incrementAndGet();
			return Refreshed.stored(this.refreshed);
		})), join(other, () -> Mono.fromCallable(() -> {
			started.incrementAndGet();
			return Refreshed.stored(session(other, 2));
		}))).block();

		assertThat(started).hasValue(2);
		assertThat(this.joins).hasValue(0);
	}

	/** The sessions the joined refresh hands out. */
	private Mono<Session> join(SessionId session, java.util.function.Supplier<Mono<Refreshed>> refresh) {
		return this.inFlight.join(session, refresh).map(Refreshed::session);
	}

	private static Session session(SessionId id, long version) {
		Instant now = Instant.now();
		return new Session(id, version, "alice", "{}", new TokenSet("a", now.plusSeconds(60), "r", null), now, now,
				now.plusSeconds(3600));
	}

}
