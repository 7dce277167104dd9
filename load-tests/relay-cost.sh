# What a relayed request costs next to a plain route (issue 11): sourced by `bench.sh relay-cost` once the bench
# sandbox and the gateway jar are up ($gateway_pid, $admin_url, $out, $jar and the BENCH_* ports are set).
#
# An nginx of its own (on BENCH_NGINX_PORT, 9103) answers every path with a small JSON body. After a warm-up (60 s,
# every target in turn) the script measures, interleaved over rounds: nginx direct, the plain route /plain/** and
# the relay route /relayed/** (SessionTokenRelay) with one live session, first at saturation (wrk, 64 connections),
# then at a fixed rate (RelayCostSimulation, Gatling's open model). Per window: req/s, p50/p99, the gateway's CPU per
# request (/proc/<pid>/stat), Redis commands per request (INFO commandstats). Then: a JFR profile of the relay at
# saturation, Redis bytes per session (MEMORY USAGE ... SAMPLES 0), the refresh storm (RefreshStormSimulation) and
# the invalidation lag across two gateway instances, and the two ways Redis can announce a change measured side by
# side (InvalidationMechanismsProbe: pub/sub from the scripts, CLIENT TRACKING). Tokens are the sandbox IdP's
# Keycloak-sized ones.
# More gateways join the saturation rounds, each a process of its own on this Redis:
#   relay-miss, relay-miss-nopos  the relay with the near cache off (every request a cache miss), Lettuce's
#                                 publishOnScheduler on and off: which is cheaper on the miss path;
#   relay-main                    BENCH_COST_BEFORE_JAR (a build of main, say) on the same relay route: before/after,
#                                 with a JFR profile of it too. Its ratio is against this build's plain route.
# Knobs: BENCH_COST_WARMUP=20 (seconds per target) BENCH_COST_ROUNDS=3 BENCH_COST_SECONDS=30 BENCH_COST_RATE=1500
#        BENCH_COST_SESSIONS=200 BENCH_COST_STORM=1 BENCH_COST_LAG=1 BENCH_COST_JFR=1 BENCH_COST_MISS=1
#        BENCH_COST_FIXED=1 BENCH_COST_BEFORE_JAR=path
#        BENCH_COST_TARGETS="plain relay" measures only these targets at saturation (default: every one started), for
#        a short before/after of one change (with BENCH_COST_MISS=0 BENCH_COST_FIXED=0 BENCH_COST_STORM=0
#        BENCH_COST_LAG=0 too).

cost=$out/relay-cost
rm -rf "$cost"
mkdir -p "$cost/wrk" "$cost/nginx"
nginx_port=${BENCH_NGINX_PORT:-9103}
warmup=${BENCH_COST_WARMUP:-20}
rounds=${BENCH_COST_ROUNDS:-3}
seconds=${BENCH_COST_SECONDS:-30}
rate=${BENCH_COST_RATE:-1500}
session_count=${BENCH_COST_SESSIONS:-200}
gateway_url=http://127.0.0.1:$BENCH_GATEWAY_PORT
declare -A urls=([direct]=http://127.0.0.1:$nginx_port/api/orders [plain]=$gateway_url/plain/api/orders
  [relay]=$gateway_url/relayed/api/orders)
# Whose CPU a target's window is charged to, and the session cookie it sends.
declare -A target_pids=([direct]=$gateway_pid [plain]=$gateway_pid [relay]=$gateway_pid)
declare -A cookies=()
targets=(direct plain relay)

cost_machine() {
  {
    echo "date=$(date -u +%FT%TZ)"
    echo "commit=$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo '+changes')"
    echo "jar=$jar"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
    echo "kernel=$(uname -r)"
    echo "java=$(java -version 2>&1 | head -1)"
    echo "gateway_java_opts=$gateway_java_opts ${BENCH_GATEWAY_ARGS:-}"
    echo "gateway_vm_flags=$(jcmd "$gateway_pid" VM.flags 2>/dev/null | tail -1)"
    echo "nginx=$(nginx -v 2>&1 | cut -d/ -f2), wrk=$(wrk --version 2>&1 | head -1 | cut -d' ' -f2)"
    echo "before_jar=${BENCH_COST_BEFORE_JAR:-none}"
    echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$cost/machine.properties"
}

cost_start_nginx() {
  cat >"$cost/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $cost/nginx/nginx.pid;
error_log $cost/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $cost/nginx/body;
  proxy_temp_path $cost/nginx/proxy;
  fastcgi_temp_path $cost/nginx/fastcgi;
  uwsgi_temp_path $cost/nginx/uwsgi;
  scgi_temp_path $cost/nginx/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      default_type application/json;
      return 200 '{"orders":[{"id":"o-1","total":42}]}';
    }
  }
}
EOF
  /usr/sbin/nginx -c "$cost/nginx/nginx.conf" -p "$cost/nginx" -g 'daemon off;' >"$cost/nginx/stdout.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 50); do
    curl -fsS -o /dev/null "${urls[direct]}" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nginx did not start; see $cost/nginx/error.log" >&2
  exit 1
}

# One app login through the gateway at $1 (default: the first), as an app signs in (CONTRACT section 4); prints the
# session cookie's value.
cost_login() {
  local gateway_url=${1:-$gateway_url} jar_file=$cost/login.jar start location callback
  rm -f "$jar_file"
  start=$(curl -fsS -c "$jar_file" -b "$jar_file" -X POST -H 'X-CSRF: 1' "$gateway_url/auth/login/start")
  location=$(echo "$start" | jq -r .authorization_url)
  callback=$(curl -fsS -o /dev/null -D - "$location" | sed -n 's/^[Ll]ocation: //p' | tr -d '\r')
  curl -fsS -c "$jar_file" -b "$jar_file" -X POST -H 'X-CSRF: 1' -H 'Content-Type: application/json' \
    -d "{\"callback_url\":\"$callback\"}" "$gateway_url/auth/login/end" >/dev/null
  awk '$6 == "SG_SESSION" { print $7 }' "$jar_file"
}

# Starts one more gateway process on this Redis: $1 target name, $2 port, $3 management port, $4 jar, then Spring
# arguments. The target relays through it, charged to its pid.
cost_start_gateway() {
  local name=$1 port=$2 management=$3 jar_file=$4
  shift 4
  # shellcheck disable=SC2086
  BENCH_GATEWAY_PORT=$port BENCH_MANAGEMENT_PORT=$management java $gateway_java_opts -jar "$jar_file" \
    --spring.config.additional-location="file:$root/load-tests/bench.yml" ${BENCH_GATEWAY_ARGS:-} "$@" \
    >"$out/gateway-$name.log" 2>&1 &
  target_pids[$name]=$!
  pids+=("$!")
  urls[$name]=http://127.0.0.1:$port/relayed/api/orders
  targets+=("$name")
  await "http://127.0.0.1:$management/actuator/health/readiness" 120 "$!" "$out/gateway-$name.log"
  echo "   $name: $jar_file $* on :$port, pid ${target_pids[$name]}"
}

cost_cpu_micros() {
  local stat
  stat=$(cat "/proc/$1/stat")
  stat=${stat##*) }
  # Fields 14 and 15 (utime, stime) are the 12th and 13th after the command name.
  echo "$stat" | awk -v ticks="$(getconf CLK_TCK)" '{ printf "%d", ($12 + $13) * 1000000 / ticks }'
}

cost_redis_calls() {
  curl -fsS "$admin_url/redis" | jq -c '.commandCalls'
}

# Runs wrk at saturation against a target and writes its figures: $1 target, $2 label, $3 seconds.
cost_saturate() {
  local target=$1 label=$2 duration=$3 cpu_before cpu_after redis_before redis_after
  redis_before=$(cost_redis_calls)
  cpu_before=$(cost_cpu_micros "${target_pids[$target]}")
  wrk -t2 -c64 -d"${duration}s" --latency -H "Cookie: SG_SESSION=${cookies[$target]:-$cookie}" "${urls[$target]}" \
    >"$cost/wrk/$label.txt"
  cpu_after=$(cost_cpu_micros "${target_pids[$target]}")
  redis_after=$(cost_redis_calls)
  python3 "$root/load-tests/relay-cost-figures.py" wrk "$cost/wrk/$label.txt" "$target" "$label" \
    "$((cpu_after - cpu_before))" "$redis_before" "$redis_after" >>"$cost/saturation.jsonl"
}

# A JFR profile of target $1 (relay or relay-main) at saturation: $cost/$1.jfr and its top frames.
cost_profile() {
  local target=$1 pid=${target_pids[$1]}
  echo "   JFR: $target at saturation for ${seconds}s"
  jcmd "$pid" JFR.start name=relay-cost settings=profile filename="$cost/$target.jfr" >/dev/null
  wrk -t2 -c64 -d"${seconds}s" -H "Cookie: SG_SESSION=${cookies[$target]:-$cookie}" "${urls[$target]}" \
    >"$cost/wrk/jfr-$target.txt"
  jcmd "$pid" JFR.stop name=relay-cost >/dev/null
  jfr print --events jdk.ExecutionSample --stack-depth 64 --json "$cost/$target.jfr" >"$cost/$target-samples.json"
  python3 "$root/load-tests/relay-cost-figures.py" frames "$cost/$target-samples.json" "$target" \
    >"$cost/jfr-top-frames-$target.txt"
  rm -f "$cost/$target-samples.json"
}

# Pub/sub from the scripts against CLIENT TRACKING, on a redis-server of the probe's own.
cost_mechanisms() {
  echo "== invalidation mechanisms (InvalidationMechanismsProbe)"
  java -cp "gateway/target/test-classes:gateway/target/classes:$(cat "$out/sandbox.classpath")" \
    dev.sessiongate.sandbox.InvalidationMechanismsProbe 2000 >"$cost/mechanisms.json" 2>"$cost/mechanisms.log" \
    || { echo "probe failed: $cost/mechanisms.log" >&2; status=1; }
}

cost_lag() {
  local port=${BENCH_GATEWAY2_PORT:-8182} management=${BENCH_MANAGEMENT2_PORT:-8183} second_pid
  echo "== invalidation lag: a second gateway on :$port; sessions cached there, logged out on the first"
  # shellcheck disable=SC2086
  BENCH_GATEWAY_PORT=$port BENCH_MANAGEMENT_PORT=$management java $gateway_java_opts -jar "$jar" \
    --spring.config.additional-location="file:$root/load-tests/bench.yml" ${BENCH_GATEWAY_ARGS:-} \
    >"$out/gateway2.log" 2>&1 &
  second_pid=$!
  pids+=("$second_pid")
  await "http://127.0.0.1:$management/actuator/health/readiness" 120 "$second_pid" "$out/gateway2.log"
  local changed=0
  while read -r session; do
    curl -fsS -o /dev/null -H "Cookie: SG_SESSION=$session" "http://127.0.0.1:$port/relayed/api/orders" || true
    curl -fsS -o /dev/null -H "Cookie: SG_SESSION=$session" "http://127.0.0.1:$port/relayed/api/orders" || true
    curl -fsS -o /dev/null -X POST -H 'X-CSRF: 1' -H "Cookie: SG_SESSION=$session" "$gateway_url/auth/logout"
    changed=$((changed + 1))
  done <"$cost/sessions.txt"
  sleep 2
  curl -fsS "http://127.0.0.1:$management/actuator/prometheus" >"$cost/gateway2-prometheus.txt"
  python3 "$root/load-tests/relay-cost-figures.py" lag "$cost/gateway2-prometheus.txt" "$changed" >"$cost/lag.json"
  kill "$second_pid" 2>/dev/null || true
}

echo "== relay cost: nginx :$nginx_port, Keycloak-sized tokens, $session_count sessions"
cost_machine
cost_start_nginx
curl -fsS -X POST "$admin_url/idp/keycloak-sized?on=true" >/dev/null
curl -fsS -X POST "$admin_url/idp/access-token-lifetime?seconds=7200" >/dev/null
: >"$cost/sessions.txt"
for _ in $(seq 1 "$session_count"); do
  cost_login >>"$cost/sessions.txt"
done
cookie=$(head -1 "$cost/sessions.txt")
curl -fsS "$admin_url/redis" | jq '.sessionMemory' >"$cost/memory.json"
if [ "${BENCH_COST_MISS:-1}" = 1 ]; then
  cost_start_gateway relay-miss 8186 8187 "$jar" --sessiongate.session.near-cache.enabled=false \
    --sessiongate.redis.publish-on-scheduler=true
  cost_start_gateway relay-miss-nopos 8188 8189 "$jar" --sessiongate.session.near-cache.enabled=false \
    --sessiongate.redis.publish-on-scheduler=false
fi
if [ -n "${BENCH_COST_BEFORE_JAR:-}" ]; then
  cost_start_gateway relay-main 8184 8185 "$BENCH_COST_BEFORE_JAR"
  # Its own login: an older build need not read this one's sessions.
  cookies[relay-main]=$(cost_login http://127.0.0.1:8184)
fi
if [ -n "${BENCH_COST_TARGETS:-}" ]; then
  read -r -a targets <<<"${BENCH_COST_TARGETS//,/ }"
fi
for target in "${targets[@]}"; do
  curl -fsS -o /dev/null -w "   $target: %{http_code}\n" -H "Cookie: SG_SESSION=${cookies[$target]:-$cookie}" \
    "${urls[$target]}"
done

echo "== warm-up: ${warmup}s per target, every target in turn"
for target in "${targets[@]}"; do
  wrk -t2 -c64 -d"${warmup}s" -H "Cookie: SG_SESSION=${cookies[$target]:-$cookie}" "${urls[$target]}" \
    >"$cost/wrk/warmup-$target.txt"
done

echo "== saturation: $rounds rounds of ${seconds}s per target, wrk -t2 -c64"
: >"$cost/saturation.jsonl"
for round in $(seq 1 "$rounds"); do
  for target in "${targets[@]}"; do
    cost_saturate "$target" "$target-$round" "$seconds"
  done
done
if [ "${BENCH_COST_JFR:-1}" = 1 ]; then
  cost_profile relay
  [ -n "${target_pids[relay-main]:-}" ] && cost_profile relay-main
fi

rm -f "$out/figures/RelayCostSimulation.properties"
if [ "${BENCH_COST_FIXED:-1}" = 1 ]; then
  echo "== fixed rate: $rounds rounds of ${seconds}s per target at $rate/s (RelayCostSimulation)"
  ./mvnw -q -B -ntp -pl load-tests test-compile gatling:test \
    -Dgatling.simulationClass=dev.sessiongate.load.RelayCostSimulation \
    -Dbench.admin-url="$admin_url" -Dbench.gateway-pid="$gateway_pid" -Dbench.clock-ticks="$(getconf CLK_TCK)" \
    -Dbench.figures-dir="$out/figures" -Dbench.cost.rate="$rate" -Dbench.cost.seconds="$seconds" \
    -Dbench.cost.rounds="$rounds" -Dbench.cost.cookie="SG_SESSION=$cookie" \
    -Dbench.cost.targets="direct=${urls[direct]},plain=${urls[plain]},relay=${urls[relay]}" \
    >"$cost/fixed-rate.log" 2>&1 || { echo "fixed-rate run failed: $cost/fixed-rate.log" >&2; status=1; }
fi

if [ "${BENCH_COST_STORM:-1}" = 1 ]; then
  echo "== refresh storm (RefreshStormSimulation, the gateway already warm)"
  ./mvnw -q -B -ntp -pl load-tests test-compile gatling:test \
    -Dgatling.simulationClass=dev.sessiongate.load.RefreshStormSimulation \
    -Dbench.gateway-url="$gateway_url" -Dbench.admin-url="$admin_url" \
    -Dbench.management-url="http://127.0.0.1:$BENCH_MANAGEMENT_PORT" -Dbench.gateway-pid="$gateway_pid" \
    -Dbench.clock-ticks="$(getconf CLK_TCK)" -Dbench.sessions=login -Dbench.figures-dir="$out/figures" \
    -Dbench.storm.warmup-seconds=10 >"$cost/storm.log" 2>&1 || { echo "storm failed: $cost/storm.log" >&2; status=1; }
fi
[ "${BENCH_COST_LAG:-1}" = 1 ] && cost_lag
cost_mechanisms
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$cost/machine.properties"

python3 "$root/load-tests/relay-cost-figures.py" table "$cost" "$out/figures" | tee "$cost/relay-cost.md"
