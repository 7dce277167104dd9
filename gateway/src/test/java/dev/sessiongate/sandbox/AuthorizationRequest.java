package dev.sessiongate.sandbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The parts of an accepted {@code /authorize} request the token endpoint checks or echoes later.
 */
record AuthorizationRequest(String clientId, String redirectUri, String scope, @Nullable String nonce,
		String codeChallenge, String subject, Instant authTime) {
}
