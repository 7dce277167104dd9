#!/usr/bin/env bash
# Proves the container image without a registry or a Docker engine (CI runs it after the tests):
#   1. assembles a JRE 17 base from this machine's Debian packages (offline-base.sh);
#   2. builds the image with Jib's jib:buildTar on that base (`tar://`), as an OCI tarball;
#   3. checks its config: non-root numeric user, entrypoint, ports, JAVA_TOOL_OPTIONS, labels,
#      Jib's layers, the name and tag from the project version;
#   4. builds it again under another name (-Dimage=...): the manifest digest must not change;
#   5. unpacks the layers and runs the entrypoint as the image's user (chroot, own /proc)
#      against a real redis-server until /actuator/health/liveness on the management port is UP,
#      then stops it with SIGTERM: graceful shutdown, exit status 143.
# Only the base differs from what `jib:build` pushes (the pinned Temurin image).
#
#   deploy/image/verify-image.sh        (as root: step 5 needs chroot and unshare)
set -euo pipefail
cd "$(dirname "$0")/../.."

started=$SECONDS
work=gateway/target/image-proof
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT
fail() { echo "verify-image: FAILED: $*" >&2; exit 1; }
for tool in jq curl unshare chroot; do command -v "$tool" >/dev/null || fail "needs $tool on the PATH"; done

version=$(sed -n '/<artifactId>sessiongate-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' pom.xml)
[[ -n $version ]] || fail "no project version in pom.xml"

deploy/image/offline-base.sh "$work/base.tar"

jib() { ./mvnw -B -ntp -q -pl gateway compile jib:buildTar -Djib.from.image="tar://$work/base.tar" "$@"; }
jib -Djib.outputPaths.tar="$work/image.tar"
jib -Djib.outputPaths.tar="$work/image-again.tar" -Dimage=registry.example.com/sessiongate:proof

# An OCI image layout: index.json -> manifest -> config and layers, all under blobs/sha256.
layout=$work/layout
mkdir -p "$layout"
tar -C "$layout" -xf "$work/image.tar"
blob() { echo "$layout/blobs/sha256/${1#sha256:}"; }
manifest_digest=$(jq -r '.manifests[0].digest' "$layout/index.json")
manifest=$(blob "$manifest_digest")
config=$(blob "$(jq -r '.config.digest' "$manifest")")

check() { # check DESCRIPTION JQ-FILTER FILE: the filter must print true
    [[ $(jq -r "$2" "$3") == true ]] || fail "$1 (jq '$2' on $(basename "$3"): $(jq -c . "$3" | head -c 2000))"
    echo "verify-image: ok: $1"
}
check "OCI layout, tagged sessiongate:$version" \
    ".manifests[0].annotations[\"org.opencontainers.image.ref.name\"] == \"sessiongate:$version\"" "$layout/index.json"
check "OCI manifest" '.mediaType == "application/vnd.oci.image.manifest.v1+json"' "$manifest"
check "runs as the numeric non-root user 65532" '.config.User == "65532:65532"' "$config"
check "entrypoint starts the gateway's main class" \
    '.config.Entrypoint == ["java", "-cp", "@/app/jib-classpath-file", "dev.sessiongate.SessiongateApplication"]' "$config"
check "exposes the public and management ports" '(.config.ExposedPorts | keys) == ["8080/tcp", "8081/tcp"]' "$config"
check "heap from the container limit, through JAVA_TOOL_OPTIONS" \
    '.config.Env | any(. == "JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError")' "$config"
check "labels: version $version, Apache-2.0" \
    ".config.Labels[\"org.opencontainers.image.version\"] == \"$version\" and .config.Labels[\"org.opencontainers.image.licenses\"] == \"Apache-2.0\"" "$config"
check "Jib's layers over the base: dependencies, resources, classes, jvm arg files" \
    '[.history[1:][].comment] == ["dependencies", "resources", "classes", "jvm arg files"] and (.rootfs.diff_ids | length) == 5' "$config"
check "reproducible timestamps" '[.created, .history[].created] | all(. == "1970-01-01T00:00:00Z")' "$config"

again=$work/layout-again
mkdir -p "$again"
tar -C "$again" -xf "$work/image-again.tar" index.json
check "-Dimage names the image" \
    '.manifests[0].annotations["org.opencontainers.image.ref.name"] == "registry.example.com/sessiongate:proof"' "$again/index.json"
[[ $(jq -r '.manifests[0].digest' "$again/index.json") == "$manifest_digest" ]] ||
    fail "a second build of the same inputs gave another manifest digest"
echo "verify-image: ok: reproducible, both builds are $manifest_digest"

# Run it: the layers in order make the root file system, the config gives user, env, entrypoint.
rootfs=$work/rootfs
mkdir -p "$rootfs"
for layer in $(jq -r '.layers[].digest' "$manifest"); do
    tar -C "$rootfs" --warning=no-unknown-keyword -xzf "$(blob "$layer")"
done
mkdir -p "$rootfs/proc"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
redis_port=$(free_port)
server_port=$(free_port)
management_port=$(free_port)
redis=$(command -v redis-server || true)
if [[ -z $redis ]]; then # the binary the tests use, from the local Maven repository
    jar=$(find "${HOME}/.m2/repository/com/github/codemonstur/embedded-redis" -name 'embedded-redis-*.jar' | sort | tail -1)
    [[ -n $jar ]] || fail "no redis-server on the PATH and no embedded-redis jar in ~/.m2 (run ./mvnw verify first)"
    redis=$work/redis-server
    unzip -p "$jar" redis-server-6.2.6-v5-linux-amd64 >"$redis"
    chmod +x "$redis"
fi
"$redis" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)

mapfile -t image_env < <(jq -r '.config.Env[]' "$config")
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
user=$(jq -r '.config.User' "$config")
env -i "${image_env[@]}" \
    SERVER_PORT="$server_port" MANAGEMENT_SERVER_PORT="$management_port" \
    SPRING_DATA_REDIS_URL="redis://127.0.0.1:$redis_port" \
    SESSIONGATE_OIDC_ISSUER_URI=https://idp.invalid/realms/proof SESSIONGATE_OIDC_CLIENT_ID=gateway \
    SESSIONGATE_SESSION_KEYS_0_ID=proof SESSIONGATE_SESSION_KEYS_0_SECRET="$(head -c 32 /dev/urandom | base64)" \
    "$(command -v unshare)" --mount --mount-proc="$rootfs/proc" \
    "$(command -v chroot)" --userspec="$user" "$rootfs" "${entrypoint[@]}" >"$work/gateway.log" 2>&1 &
gateway=$! # env, unshare and chroot each exec the next: this is the JVM's pid
pids+=("$gateway")

deadline=$((SECONDS + 120))
until curl -sf "http://127.0.0.1:$management_port/actuator/health/liveness" >"$work/liveness.json"; do
    if ((SECONDS > deadline)) || ! kill -0 "$gateway" 2>/dev/null; then
        tail -40 "$work/gateway.log" >&2
        fail "the image's entrypoint did not come up live"
    fi
    sleep 1
done
grep -q '"status":"UP"' "$work/liveness.json" || fail "liveness: $(cat "$work/liveness.json")"
grep -q 'Picked up JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=70' "$work/gateway.log" || fail "JAVA_TOOL_OPTIONS not picked up"
grep -q 'started by nonroot' "$work/gateway.log" || fail "the gateway did not run as the image's user"
echo "verify-image: ok: the entrypoint runs as $user and /actuator/health/liveness is UP"

# Stop it as the kubelet does: SIGTERM starts Spring's graceful shutdown, and the JVM exits 143.
kill -TERM "$gateway"
deadline=$((SECONDS + 60))
while kill -0 "$gateway" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "the gateway still ran 60 s after SIGTERM"
    sleep 1
done
status=0
wait "$gateway" || status=$?
[[ $status == 143 ]] || fail "the gateway exited $status after SIGTERM, not 143"
grep -q 'Graceful shutdown complete' "$work/gateway.log" || fail "no graceful shutdown after SIGTERM"
echo "verify-image: ok: SIGTERM shuts it down gracefully"
rm -rf "$rootfs" "$layout" "$again" "$work/image-again.tar" # about 700 MB; image.tar stays for `kind load`
echo "verify-image: passed in $((SECONDS - started)) s ($(du -h "$work/image.tar" | cut -f1) image tarball on the offline base)"
