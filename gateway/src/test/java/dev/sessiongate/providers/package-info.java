/**
 * The gateway against each kind of OpenID provider the sandbox IdP can imitate (issue 14): opaque access tokens,
 * refresh tokens that never rotate, required provider parameters, private_key_jwt, tls_client_auth, pushed
 * authorization requests, PS256 and EdDSA ID tokens; and the misconfigurations that must fail cleanly. Not part of
 * the Redis-cluster re-run: nothing here depends on the Redis topology.
 */
@NullMarked
package dev.sessiongate.providers;

import org.jspecify.annotations.NullMarked;
