/**
 * Fault suites of real processes: a {@code redis-server} stopped by its PID and started again, the sandbox IdP
 * failing in each way a token endpoint can, Redis refusing the lease's commands. Each suite brings its own
 * standalone Redis, so the cluster rerun of the Failsafe build leaves them out.
 */
package dev.sessiongate.faults;
