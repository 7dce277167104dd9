package dev.sessiongate.login.backchannel;

import java.time.Instant;

/**
 * A verified logout token: whose sessions end, and until when its {@code jti} must be
 * remembered.
 *
 * @param sid the IdP session that ended, or null
 * @param subject the user whose sessions end when no sid is given, or null
 * @param jti the token's id
 * @param acceptableUntil the last moment the token would still be accepted
 */
record LogoutToken(String sid, String subject, String jti, Instant acceptableUntil) {
}
