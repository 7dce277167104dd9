/**
 * Checks that what {@code deploy/} ships agrees with the application it deploys.
 */
@NullMarked
package dev.sessiongate.deploy;

import org.jspecify.annotations.NullMarked;
