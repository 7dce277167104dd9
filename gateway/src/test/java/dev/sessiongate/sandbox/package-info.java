/**
 * A local OpenID Provider and a protected API over real HTTP on 127.0.0.1, for tests, the demo and load tests.
 */
@NullMarked
package dev.sessiongate.sandbox;

import org.jspecify.annotations.NullMarked;
