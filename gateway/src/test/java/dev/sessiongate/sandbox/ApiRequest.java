package dev.sessiongate.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * One request the sandbox API answered. {@code jti} is read from the presented token even when it was refused,
 * null when no parseable JWT came; the token itself is never kept.
 */
public record ApiRequest(String method, String path, String bodySha256, long bodyLength, @Nullable String jti,
		int status) {
}
