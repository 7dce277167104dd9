#!/usr/bin/env bash
# The benchmark command: load-tests/bench.sh [storm|steady|all|smoke|relay-cost|up] [-Dbench.name=value ...]
#
# Builds the gateway jar and the sandbox, starts the bench sandbox (Redis, sandbox IdP and API,
# admin API: one JVM) and the production jar with load-tests/bench.yml as separate processes,
# runs the Gatling simulation(s), prints their figures and stops everything it started.
# See load-tests/README.md for what each run measures and how to compare runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mode=${1:-all}
shift || true
extra=("$@")
case "$mode" in
  storm) simulations=(RefreshStormSimulation) ;;
  steady) simulations=(RelaySteadyStateSimulation) ;;
  all) simulations=(RefreshStormSimulation RelaySteadyStateSimulation) ;;
  # A few seconds end to end: does the machinery still work? Not a measurement.
  smoke) simulations=(RefreshStormSimulation)
         extra=(-Dbench.storm.sessions=5 -Dbench.storm.concurrency=4 -Dbench.storm.warmup-seconds=3 "${extra[@]}") ;;
  # What a relayed request costs next to a plain route, with nginx as the upstream (issue 11): relay-cost.sh.
  relay-cost) simulations=() ;;
  # The environment alone, until Ctrl-C: for a profiler, or a load tool of your own.
  up) simulations=() ;;
  *) echo "usage: $0 [storm|steady|all|smoke|relay-cost|up] [-Dbench.name=value ...]" >&2; exit 2 ;;
esac

export BENCH_GATEWAY_PORT=${BENCH_GATEWAY_PORT:-8180}
export BENCH_MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-8181}
export BENCH_IDP_PORT=${BENCH_IDP_PORT:-9100}
export BENCH_API_PORT=${BENCH_API_PORT:-9101}
export BENCH_NGINX_PORT=${BENCH_NGINX_PORT:-9103}
admin_port=${BENCH_ADMIN_PORT:-9102}
admin_url=http://127.0.0.1:$admin_port/sandbox/admin
# A fixed heap keeps GC work, and with it CPU per request, comparable between runs.
gateway_java_opts=${BENCH_GATEWAY_JAVA_OPTS:--Xms512m -Xmx512m}
# login: the app login endpoints, as an app signs in; seed: written by the sandbox through the SessionStore (faster).
sessions=${BENCH_SESSIONS:-login}

out=$root/load-tests/target/bench
mkdir -p "$out"
rm -rf "$out/figures"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits for a URL to answer 2xx, at most $2 seconds, while process $3 lives.
await() {
  local url=$1 seconds=$2 pid=$3 log=$4
  for _ in $(seq 1 $((seconds * 2))); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid died while starting; last lines of $log:" >&2; tail -40 "$log" >&2; exit 1
    fi
    sleep 0.5
  done
  echo "$url not ready after ${seconds}s; last lines of $log:" >&2; tail -40 "$log" >&2; exit 1
}

# A gateway or sandbox left over from another run would answer the readiness checks below.
for port in "$BENCH_GATEWAY_PORT" "$BENCH_MANAGEMENT_PORT" "$BENCH_IDP_PORT" "$BENCH_API_PORT" "$admin_port" \
  "$BENCH_NGINX_PORT" "${BENCH_GATEWAY2_PORT:-8182}" "${BENCH_MANAGEMENT2_PORT:-8183}" $(seq 8184 8189); do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
    echo "port $port is already in use: stop what runs there, or set BENCH_*_PORT" >&2; exit 1
  fi
done

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building (BENCH_SKIP_BUILD=1 skips)"
  ./mvnw -q -B -ntp -DskipTests package
  ./mvnw -q -B -ntp -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$out/sandbox.classpath"
fi
# BENCH_GATEWAY_JAR compares another build (A B A B) against the same sandbox and simulations.
jar=${BENCH_GATEWAY_JAR:-gateway/target/sessiongate-gateway.jar}
[ -f "$jar" ] && [ -f "$out/sandbox.classpath" ] || { echo "run once without BENCH_SKIP_BUILD=1" >&2; exit 1; }

# The sealing key both the gateway and the sandbox's seeder use; this run's only.
SG_BENCH_KEY=$(openssl rand -base64 32)
export SG_BENCH_KEY

echo "== starting the bench sandbox (logs: $out/sandbox.log)"
java -Xms256m -Xmx768m -Dsandbox.idp-port="$BENCH_IDP_PORT" -Dsandbox.api-port="$BENCH_API_PORT" \
  -Dsandbox.admin-port="$admin_port" \
  -cp "gateway/target/test-classes:gateway/target/classes:$(cat "$out/sandbox.classpath")" \
  dev.sessiongate.sandbox.BenchSandboxApplication >"$out/sandbox.log" 2>&1 &
sandbox_pid=$!
pids+=("$sandbox_pid")
await "$admin_url/health" 120 "$sandbox_pid" "$out/sandbox.log"
SANDBOX_REDIS_URL=$(curl -fsS "$admin_url/redis-url")
export SANDBOX_REDIS_URL

echo "== starting the gateway jar (logs: $out/gateway.log)"
# shellcheck disable=SC2086 # word splitting of the JVM options (and BENCH_GATEWAY_ARGS, Spring arguments) is intended
java $gateway_java_opts -jar "$jar" --spring.config.additional-location="file:$root/load-tests/bench.yml" \
  ${BENCH_GATEWAY_ARGS:-} >"$out/gateway.log" 2>&1 &
gateway_pid=$!
pids+=("$gateway_pid")
await "http://127.0.0.1:$BENCH_MANAGEMENT_PORT/actuator/health/readiness" 120 "$gateway_pid" "$out/gateway.log"
echo "   gateway $jar, pid $gateway_pid on :$BENCH_GATEWAY_PORT, Redis $SANDBOX_REDIS_URL"

if [ "$mode" = up ]; then
  echo "   admin $admin_url, management http://127.0.0.1:$BENCH_MANAGEMENT_PORT; Ctrl-C stops everything"
  wait "$gateway_pid"
  exit 0
fi

status=0
if [ "$mode" = relay-cost ]; then
  # shellcheck source=load-tests/relay-cost.sh
  . "$root/load-tests/relay-cost.sh"
fi
for simulation in "${simulations[@]}"; do
  echo "== $simulation"
  ./mvnw -q -B -ntp -pl load-tests test-compile gatling:test \
    -Dgatling.simulationClass="dev.sessiongate.load.$simulation" \
    -Dbench.gateway-url="http://127.0.0.1:$BENCH_GATEWAY_PORT" \
    -Dbench.admin-url="$admin_url" \
    -Dbench.management-url="http://127.0.0.1:$BENCH_MANAGEMENT_PORT" \
    -Dbench.gateway-pid="$gateway_pid" \
    -Dbench.clock-ticks="$(getconf CLK_TCK)" \
    -Dbench.sessions="$sessions" \
    -Dbench.figures-dir="$out/figures" \
    "${extra[@]}" 2>&1 | tee "$out/$simulation.log" || status=1
done

echo
echo "================ summary ($(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)) ================"
for file in "$out"/figures/*.properties; do
  [ -f "$file" ] && cat "$file" && echo
done
echo "Gatling reports: load-tests/target/gatling/"
[ "$status" = 0 ] && echo "SLOs: all assertions passed" || echo "SLOs: FAILED (see the logs above)"
exit "$status"
