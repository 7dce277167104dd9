#!/usr/bin/env python3
"""Figures of `bench.sh relay-cost` (see relay-cost.sh): parses wrk's output, JFR samples and the second gateway's
Prometheus page, and writes the run's table. Subcommands: wrk, frames, lag, table."""
import collections
import json
import os
import re
import statistics
import sys

# The bench sandbox admin's own Redis traffic (RedisWindow.ADMIN_COMMANDS), and the near cache channel's heartbeat.
ADMIN_COMMANDS = {"info", "scan", "memory", "memory|usage", "hello", "client", "client|setinfo", "ping", "command"}


def millis(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def redis_delta(before, after):
    delta = {}
    for name, calls in after.items():
        ran = calls - before.get(name, 0)
        if ran > 0 and name not in ADMIN_COMMANDS:
            delta[name] = ran
    return delta


def wrk(path, target, label, cpu_micros, redis_before, redis_after):
    text = open(path).read()
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    commands = redis_delta(json.loads(redis_before), json.loads(redis_after))
    print(json.dumps({
        "label": label, "target": target,
        "reqPerSec": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "requests": requests, "non2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socketErrors": errors.group(1) if errors else "",
        "p50Ms": millis(latency["50"]), "p99Ms": millis(latency["99"]),
        "cpuMicrosPerRequest": int(cpu_micros) / requests,
        "redisCommandsPerRequest": sum(commands.values()) / requests, "redisCommands": commands}))


def frames(path, target="relay"):
    """Top frames of the JFR execution samples: where the CPU was (self), by package, and the gateway's own code on
    the stack."""
    events = json.load(open(path))["recording"]["events"]
    top = collections.Counter()
    packages = collections.Counter()
    own = collections.Counter()
    for event in events:
        stack = event["values"]["stackTrace"]["frames"]
        if not stack:
            continue
        name = lambda frame: frame["method"]["type"]["name"] + "." + frame["method"]["name"]
        top[name(stack[0])] += 1
        packages[".".join(stack[0]["method"]["type"]["name"].replace("/", ".").split(".")[:3])] += 1
        for frame in stack:
            if frame["method"]["type"]["name"].startswith("dev.sessiongate"):
                own[name(frame)] += 1
                break
    total = sum(top.values())
    print(f"{total} execution samples of the gateway ({target} at saturation)")
    print("\nTop frames (self):")
    for frame, count in top.most_common(20):
        print(f"  {100.0 * count / total:5.1f}%  {frame}")
    print("\nSelf samples by package:")
    for package, count in packages.most_common(12):
        print(f"  {100.0 * count / total:5.1f}%  {package}")
    print("\nInnermost gateway frame on the stack (dev.sessiongate.*), share of all samples:")
    for frame, count in own.most_common(12):
        print(f"  {100.0 * count / total:5.1f}%  {frame}")


def lag(path, changed):
    buckets, count, total, maximum, quantiles = [], 0, 0.0, 0.0, {}
    for line in open(path):
        if not line.startswith("sessiongate_session_cache_invalidation_lag_seconds"):
            continue
        value = float(line.rsplit(" ", 1)[1])
        bucket = re.search(r'le="([^"]+)"', line)
        quantile = re.search(r'quantile="([^"]+)"', line)
        if "_bucket" in line and bucket:
            buckets.append((float(bucket.group(1)), value))
        elif quantile:
            quantiles[quantile.group(1)] = value
        elif "_count" in line:
            count = value
        elif "_sum" in line:
            total = value
        elif "_max" in line:
            maximum = value
    def percentile(p):
        wanted = p * count
        previous_le, previous_count = 0.0, 0.0
        for le, cumulative in sorted(buckets):
            if cumulative >= wanted:
                if le == float("inf"):
                    return previous_le
                share = (wanted - previous_count) / max(cumulative - previous_count, 1)
                return previous_le + (le - previous_le) * share
            previous_le, previous_count = le, cumulative
        return float("nan")
    print(json.dumps({"changesMade": int(changed), "changesHeard": int(count),
                      "meanMs": 1000 * total / count if count else None, "maxMs": 1000 * maximum,
                      "p50Ms": 1000 * quantiles["0.5"] if "0.5" in quantiles else 1000 * percentile(0.5),
                      "p99Ms": 1000 * quantiles["0.99"] if "0.99" in quantiles else 1000 * percentile(0.99),
                      "fromBuckets": "0.5" not in quantiles,
                      "buckets": {f"{le * 1000:g}ms": int(n) for le, n in sorted(buckets)}}))


def properties(path):
    figures = {}
    if os.path.exists(path):
        for line in open(path):
            if "=" in line and not line.startswith("#"):
                name, value = line.rstrip("\n").split("=", 1)
                figures[name] = value
    return figures


def table(cost, figures_dir):
    machine = properties(os.path.join(cost, "machine.properties"))
    runs = [json.loads(line) for line in open(os.path.join(cost, "saturation.jsonl"))]
    fixed = properties(os.path.join(figures_dir, "RelayCostSimulation.properties"))
    storm = properties(os.path.join(figures_dir, "RefreshStormSimulation.properties"))
    memory = json.load(open(os.path.join(cost, "memory.json")))
    targets = list(dict.fromkeys(run["target"] for run in runs))
    out = ["# relay cost (issue 11)", ""]
    out += [f"- {name}: {value}" for name, value in machine.items()]
    out += ["", "## Saturation (wrk -t2 -c64), median of the rounds", "",
            "| target | req/s | p50 ms | p99 ms | gateway CPU µs/req | Redis commands/req | rounds (req/s) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    median = {}
    for target in targets:
        mine = [run for run in runs if run["target"] == target]
        median[target] = {key: statistics.median(run[key] for run in mine)
                          for key in ("reqPerSec", "p50Ms", "p99Ms", "cpuMicrosPerRequest", "redisCommandsPerRequest")}
        m = median[target]
        cpu = f"{m['cpuMicrosPerRequest']:.0f}" if target != "direct" else f"({m['cpuMicrosPerRequest']:.1f}, idle)"
        each = ", ".join("%.0f" % run["reqPerSec"] for run in mine)
        out.append(f"| {target} | {m['reqPerSec']:.0f} | {m['p50Ms']:.2f} | {m['p99Ms']:.2f} | {cpu} | "
                   f"{m['redisCommandsPerRequest']:.4f} | {each} |")
    if "plain" in median:
        for target in targets:
            if target.startswith("relay"):
                out.append(f"| **{target}/plain** | **{median[target]['reqPerSec'] / median['plain']['reqPerSec']:.3f}** "
                           f"| | | **{median[target]['cpuMicrosPerRequest'] / median['plain']['cpuMicrosPerRequest']:.3f}×** | | |")
    errors = [f"{run['label']}: {run['non2xx']} non-2xx {run['socketErrors']}" for run in runs
              if run["non2xx"] or run["socketErrors"]]
    out += ["", "Errors: " + ("; ".join(errors) if errors else "none")]
    relay_commands = collections.Counter()
    for run in runs:
        if run["target"] == "relay":
            relay_commands.update(run["redisCommands"])
    out += [f"Redis commands during the relay windows: {dict(relay_commands) or 'none'}"]
    if fixed:
        rounds = int(fixed.get("rounds", 0))
        out += ["", f"## Fixed rate ({fixed.get('ratePerSecond')}/s, Gatling open model), median of {rounds} rounds", "",
                "| target | req/s | p50 ms | p99 ms | gateway CPU µs/req | Redis commands/req |",
                "| --- | ---: | ---: | ---: | ---: | ---: |"]
        fixed_median = {}
        for target in [t for t in targets if f"{t}-1.perSecond" in fixed]:
            values = {key: statistics.median(float(fixed[f"{target}-{r}.{key}"]) for r in range(1, rounds + 1))
                      for key in ("perSecond", "p50Ms", "p99Ms", "cpuMicrosPerRequest", "redisCommandsPerRequest")}
            fixed_median[target] = values
            cpu = f"{values['cpuMicrosPerRequest']:.0f}" if target != "direct" else "(idle)"
            out.append(f"| {target} | {values['perSecond']:.0f} | {values['p50Ms']:.0f} | {values['p99Ms']:.0f} | "
                       f"{cpu} | {values['redisCommandsPerRequest']:.4f} |")
        out.append(f"| **relay/plain** | | | | **{fixed_median['relay']['cpuMicrosPerRequest'] / fixed_median['plain']['cpuMicrosPerRequest']:.3f}×** | |")
        non200 = {name: value for name, value in fixed.items() if name.endswith(".non200s") and value != "0"}
        out += ["", "Non-200 answers at the fixed rate: " + (str(non200) if non200 else "none")]
    out += ["", "## Redis bytes per session (MEMORY USAGE ... SAMPLES 0)", "",
            f"{memory['sessions']} sessions from app logins: {memory['bytesPerSession']} bytes per session hash, "
            f"{memory['bytesPerSessionWithIndexes']} with its share of the {memory['indexKeys']} index keys "
            f"({memory['indexBytes']} bytes)."]
    if storm:
        keys = ["sessions", "concurrentRequestsPerSession", "requests", "idpDelayMs", "refreshesPerSession", "maxRefreshesOfOneSession", "reuseDetections",
                "client401s", "clientNon200s", "statuses", "p50Ms", "p99Ms", "p99MinusIdpDelayMs", "baselineP99Ms",
                "p99MinusIdpDelayMinusBaselineP99Ms"]
        out += ["", "## Refresh storm (RefreshStormSimulation)", ""] + [f"- {k}: {storm[k]}" for k in keys if k in storm]
    lag_file = os.path.join(cost, "lag.json")
    if os.path.exists(lag_file):
        lag_figures = json.load(open(lag_file))
        source = "histogram buckets" if lag_figures["fromBuckets"] else "the timer's percentiles"
        out += ["", "## Invalidation lag across two instances", "",
                f"{lag_figures['changesMade']} logouts on instance 1 of sessions cached on instance 2; instance 2 heard "
                f"{lag_figures['changesHeard']} changes: p50 {lag_figures['p50Ms']:.3f} ms, "
                f"p99 {lag_figures['p99Ms']:.3f} ms, max {lag_figures['maxMs']:.3f} ms ({source})."]
    mechanisms_file = os.path.join(cost, "mechanisms.json")
    if os.path.exists(mechanisms_file) and os.path.getsize(mechanisms_file):
        mechanisms = json.load(open(mechanisms_file))
        out += ["", f"## Invalidation mechanisms ({mechanisms['samples']} changes each, one redis-server)", "",
                "| mechanism | p50 µs | p99 µs | max µs |", "| --- | ---: | ---: | ---: |"]
        for name, label in (("pubSubInScript", "PUBLISH inside the session script (chosen)"),
                            ("clientTracking", "CLIENT TRACKING, default mode"),
                            ("clientTrackingBcast", "CLIENT TRACKING, BCAST PREFIX sg:")):
            m = mechanisms[name]
            out.append(f"| {label} | {m['p50Micros']} | {m['p99Micros']} | {m['maxMicros']} |")
    for target in targets:
        frames_file = os.path.join(cost, f"jfr-top-frames-{target}.txt")
        if os.path.exists(frames_file):
            out += ["", f"## JFR, {target} at saturation", "", "```", open(frames_file).read().rstrip(), "```"]
    print("\n".join(out))


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    {"wrk": wrk, "frames": frames, "lag": lag, "table": table}[command](*arguments)
