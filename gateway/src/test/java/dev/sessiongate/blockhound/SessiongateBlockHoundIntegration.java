package dev.sessiongate.blockhound;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Calls BlockHound flags that do not block in practice. Everything else that blocks on a
 * non-blocking thread fails the test that caused it.
 */
public class SessiongateBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		// NativePRNG reads /dev/urandom, which never blocks once the kernel is seeded.
		builder.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes");
		builder.allowBlockingCallsInside("java.security.SecureRandom", "generateSeed");
		builder.allowBlockingCallsInside("java.util.UUID", "randomUUID");
		// RSA signing (the sandbox IdP) takes a short JDK-internal lock for its blinding values.
		builder.allowBlockingCallsInside("sun.security.rsa.RSACore", "getBlindingRandomPair");
		// Lettuce guards its command queue with a lock held for a few instructions.
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
		// Spring Data Redis locks briefly to hand out its shared connection and to compute a
		// script's SHA-1 once.
		builder.allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
				"doInLock");
		builder.allowBlockingCallsInside("org.springframework.data.redis.core.script.DefaultRedisScript", "getSha1");
		// Netty's pooled allocator takes a short lock when it grows its magazines.
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
		// Cancelling a scheduled task (a lease renewal interval, disposed when a refresh ends)
		// takes the scheduler queue's lock for a few instructions. Flagged, the error is thrown
		// out of a doFinally and dropped, and the refresh it ends never completes: tests hang
		// where production, without BlockHound, waits nanoseconds.
		builder.allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
				"cancel");
	}

}
