#!/usr/bin/env bash
# QUIC figures for BENCHMARKS.md: Java (QuicTransport) against js-libp2p (@chainsafe/libp2p-quic), each measured the
# same way on loopback: handshakes per second, one-stream throughput, and memory per idle connection at 1,000 open
# connections. Usage: bench/quic.sh [connections]   (needs scripts/install-test-deps to have run)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
connections="${1:-1000}"
js_dir=p2p/src/test/js
node_cmd=(node --import ./polyfill.mjs)

mvn -B -q -o test-compile -pl p2p
mvn -B -q -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -pl p2p \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/p2p/target/bench-classpath.txt" >/dev/null
cp="p2p/target/test-classes:p2p/target/classes:$(cat p2p/target/bench-classpath.txt)"
java_cmd=(java -Xmx512m -cp "$cp" io.rvnt.p2p.transport.quic.QuicBenchmark)
js_cmd() { (cd "$js_dir" && "${node_cmd[@]}" bench-quic.mjs "$@"); }

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"${java_cmd[@]}" handshakes 2000 1
js_cmd handshakes 2000 1
"${java_cmd[@]}" handshakes 2000 8
js_cmd handshakes 2000 8
"${java_cmd[@]}" throughput 512
js_cmd throughput 512

# Memory per idle connection: a listener process, a dialer process that opens $connections connections and holds
# them; the listener's resident memory (and heap after GC) before and after, divided by the number of connections.
idle() {
  local name="$1"; shift
  local server_cmd=("$@")
  coproc SERVER { "${server_cmd[@]}" idle-server; }
  local address before after clientpid
  read -r _ address <&"${SERVER[0]}"
  echo >&"${SERVER[1]}"; read -r _ rss0 heap0 _ <&"${SERVER[0]}"
  coproc CLIENT { "${server_cmd[@]}" idle-client "$address" "$connections"; }
  read -r _ opened <&"${CLIENT[0]}"
  echo >&"${SERVER[1]}"; read -r _ rss1 heap1 _ count _ <&"${SERVER[0]}"
  echo "$name idle connections: $count open; RSS +$(( (rss1 - rss0) / count )) B/connection," \
       "heap +$(( (heap1 - heap0) / count )) B/connection (RSS $((rss0 >> 20)) -> $((rss1 >> 20)) MiB)"
  local client_pid="$CLIENT_PID" server_pid="$SERVER_PID"
  exec {CLIENT[1]}>&-; wait "$client_pid" || true
  exec {SERVER[1]}>&-; wait "$server_pid" || true
}
idle java "${java_cmd[@]}"
idle js js_cmd
