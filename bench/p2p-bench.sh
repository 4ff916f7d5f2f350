#!/usr/bin/env bash
# libp2p benchmark (issue 3): the Java host against js-libp2p over TCP + Noise + yamux on loopback.
# Prints a Markdown table: handshakes per second, one-stream throughput, server memory per idle connection.
# Usage: bench/p2p-bench.sh [-Dhandshakes=1000] [-DstreamMiB=256] [-Didle=1000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/install-test-deps
mvn -B -q -o test-compile -pl p2p
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -o dependency:build-classpath -pl p2p -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
mkdir -p bench/out
exec java -Xms64m "$@" \
  -Drvnt.p2p.js.dir=p2p/src/test/js -Drvnt.p2p.js.log=bench/out/js-peer.log \
  -cp "$PWD/p2p/target/test-classes:$PWD/p2p/target/classes:$(cat "$cp_file")" \
  io.rvnt.p2p.interop.P2pBench
