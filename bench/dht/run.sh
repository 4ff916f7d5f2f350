#!/usr/bin/env bash
# DHT benchmark (issue 4), one run: FIND_NODE queries per second served by one Java bootstrap node and by one
# js-libp2p kad-dht 16.4.5 node under the same load, memory per connected peer of the Java node, and the most
# connections it holds. A script, not a test: it prints its figures (and a block for BENCHMARKS.md) and asserts
# nothing.
#   [PEERS=200] [DURATION=15] [TABLE=50] [CONNECTIONS=10000] bench/dht/run.sh
# Load: TABLE DHT server nodes join each target first (so answers carry real peers), then PEERS peers, one TCP
# connection each, keep one FIND_NODE outstanding on a long-lived stream for DURATION seconds (closed loop, at most
# 90 requests per peer per second: under the Java node's per-peer limit, so the offered load is at most PEERS x 90/s
# for both targets). The generator runs on the same 2 cores as the target, for both targets alike.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../lib/build.sh"
case "${1:-}" in
  -h|--help) bench_help "$0"; exit 0 ;;
  "") ;;
  *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
esac
root="$(bench_root)"
PEERS="${PEERS:-200}"
DURATION="${DURATION:-15}"
TABLE="${TABLE:-50}"
CONNECTIONS="${CONNECTIONS:-10000}"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

cd "$root"
./scripts/install-test-deps
bench_node_path
echo "bench: building app/target/rvnt.jar and the load generator" >&2
jar="$(bench_jar)"
load=(java -Xmx1g -cp "$(bench_classpath dht)" io.rvnt.dht.bench.DhtLoad)

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# Waits until a line of FILE matches PATTERN (TENTHS/10 s at most, default 60 s); prints it.
await_line() {
  local file="$1" pattern="$2" tenths="${3:-600}"
  for _ in $(seq 1 "$tenths"); do
    if grep -q -- "$pattern" "$file" 2>/dev/null; then grep -m1 -- "$pattern" "$file"; return 0; fi
    sleep 0.1
  done
  echo "bench: no '$pattern' in $file" >&2; cat "$file" >&2; return 1
}

echo "bench: Java bootstrap node" >&2
java -Xmx1g -jar "$jar" bootstrap --data-dir "$work/boot" --listen /ip4/127.0.0.1/tcp/0 --admin 127.0.0.1:0 \
  --max-connections 20000 >"$work/boot.out" 2>"$work/boot.err" &
boot_pid=$!
pids+=("$boot_pid")
java_addr="$(await_line "$work/boot.out" 'listening on' | awk '{print $3}')"
admin="$(await_line "$work/boot.out" 'admin listener' | awk '{print $4}')"
java_rate="$("${load[@]}" findnode "$java_addr" "$PEERS" "$DURATION" "$TABLE")"
echo "bench: java $java_rate" >&2

echo "bench: js-libp2p kad-dht node" >&2
# Its stdin is a FIFO this script holds open and silent: the peer stops when it closes.
mkfifo "$work/js.in"
(cd p2p/src/test/js && exec node --import ./polyfill.mjs dht-peer.mjs) <"$work/js.in" >"$work/js.out" 2>"$work/js.err" &
js_pid=$!
pids+=("$js_pid")
exec 4>"$work/js.in"
js_addr="$(await_line "$work/js.out" '"ready"' | sed -E 's/.*"addrs":\["([^"]+)".*/\1/')"
js_rate="$("${load[@]}" findnode "$js_addr" "$PEERS" "$DURATION" "$TABLE")"
echo "bench: js $js_rate" >&2
exec 4>&-
wait "$js_pid" 2>/dev/null || true

echo "bench: $CONNECTIONS connections to the Java node" >&2
rss_before="$(rss_kib "$boot_pid")"
mkfifo "$work/hold"
"${load[@]}" connect "$java_addr" "$CONNECTIONS" <"$work/hold" >"$work/connect.out" 2>"$work/connect.err" &
pids+=("$!")
exec 3>"$work/hold"
connect="$(await_line "$work/connect.out" '"connect"' 6000)"
held="$(curl -s "$admin" | awk '/^rvnt_bootstrap_open_connections / {print $2}')"
rss_after="$(rss_kib "$boot_pid")"
exec 3>&-

rate() { sed -E 's/.*"rate":([0-9.]+).*/\1/' <<<"$1"; }
jr="$(rate "$java_rate")"; sr="$(rate "$js_rate")"
ratio="$(awk -v a="$jr" -v b="$sr" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }')"
per_peer="$(awk -v a="$rss_after" -v b="$rss_before" -v n="$held" 'BEGIN { if (n > 0) printf "%.1f", (a - b) / n; else print "n/a" }')"

cat <<REPORT
## DHT (bench/dht/run.sh, $(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1), node $(node --version))
Load: $TABLE DHT nodes in each target's table; $PEERS peers x 1 outstanding FIND_NODE (at most 90/s each), closed loop, ${DURATION} s.

| Figure | Value |
|---|---|
| FIND_NODE/s, Java bootstrap node | $jr |
| FIND_NODE/s, js-libp2p kad-dht 16.4.5 | $sr |
| Java / js | ${ratio}x (aim: at least 5x) |
| Connections held by the Java node (asked $CONNECTIONS) | $held (aim: 10,000) |
| Memory per connected peer (RSS delta / connections) | $per_peer KiB |

Raw: java $java_rate; js $js_rate; connect $connect; RSS before ${rss_before} KiB, after ${rss_after} KiB.
REPORT
