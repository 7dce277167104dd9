#!/usr/bin/env bash
# The fault run: load-tests/faults.sh [-Dfaults.sessions=50 -Dfaults.concurrency=16 -Dfaults.window-seconds=20]
#
# Issue 9's figures. One JVM (FaultRunApplication, gateway test code) starts a real redis-server that keeps its
# data on disk, the sandbox IdP and API, and the gateway in a process of its own; it puts steady load on many
# sessions whose access tokens expire every few seconds while faults happen for real (Redis stopped by its PID and
# started again, Redis stopped right after the IdP rotated a token, the IdP failing, the upstream resetting), and
# prints, per scenario: requests sent, answers by status, gateway 500s, sessions lost, reuse detections at the IdP,
# refreshes per session per expiry. Free ports only; it stops everything it started. Run it under the machine-wide
# lock, like every benchmark (see load-tests/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/load-tests/target/faults
mkdir -p "$out"
if [ "${FAULTS_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building (FAULTS_SKIP_BUILD=1 skips)"
  ./mvnw -q -B -ntp -pl gateway -am -DskipTests package
  ./mvnw -q -B -ntp -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out/classpath"
fi
echo "== fault run (driver: $out/run.log, the gateway's WARN and above: $out/gateway.log)"
rm -f "$out/gateway.log"
java -Xmx768m -Dgateway.process.log="$out/gateway.log" "$@" -cp "gateway/target/test-classes:gateway/target/classes:$(cat "$out/classpath")" \
  dev.sessiongate.sandbox.FaultRunApplication "$out/figures.md" 2>&1 | tee "$out/run.log" | grep -E '^\||^\{|^[0-9]+ sessions' || true
echo "figures: $out/figures.md"
test -s "$out/figures.md"
