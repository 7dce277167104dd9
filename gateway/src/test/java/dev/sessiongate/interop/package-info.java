/**
 * The gateway against a real Keycloak (the Maven profile {@code keycloak}): the server
 * harness, its admin API, a user at its login form, an API that trusts its tokens, and the
 * {@code *KeycloakInteropTests} that the main build leaves out.
 */
@NullMarked
package dev.sessiongate.interop;

import org.jspecify.annotations.NullMarked;
