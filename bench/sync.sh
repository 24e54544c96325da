#!/usr/bin/env bash
# jxdist code sync benchmark: ~100 MB of jars from ~/.m2 to 3 SSH test hosts (network namespaces,
# needs root, iproute2, openssh-server) by jxdist's RemoteStore, rsync -a over ssh and scp -r;
# then jxdist's unchanged re-sync and a one-class-changed sync. Writes bench/SYNC-RESULTS.md.
# Runs dev.jxdist.it.SyncBench from the deploy module's test classes (build them first:
# mvn -B -q install -pl coordinator && mvn -B -q install -DskipTests -pl deploy).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
OUT=$BENCH_DIR/target/sync
mkdir -p "$OUT"

if ! command -v rsync >/dev/null; then
  echo "bench: installing rsync" >&2
  apt-get install -y -q rsync >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q rsync >/dev/null; }
fi

cd "$REPO/deploy"
[ -d target/test-classes/dev/jxdist/it ] || mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test >/dev/null
CP=target/test-classes:target/classes:$(cat "$OUT/classpath.txt")
java -cp "$CP" dev.jxdist.it.SyncBench "$BENCH_DIR/SYNC-RESULTS.md" "$OUT"
