#!/usr/bin/env bash
# jxdist code sync benchmark: ~100 MB of jars from ~/.m2 to 3 SSH test hosts (network namespaces,
# needs root, iproute2, openssh-server, rsync) by jxdist's RemoteStore, by rsync -a over ssh and by
# scp -r, in alternating rounds; then jxdist's unchanged re-sync and a one-class-changed sync.
# Writes its section of bench/RESULTS.md (bench/run.sh writes another). See bench/README.md.
#
# Runs dev.jxdist.it.SyncBench from this checkout's own classes (build them first:
# mvn -B -q install -DskipTests), in a JVM with the coordinator's flags from bin/jxdist.
# Environment: BENCH_SYNC_ROUNDS (default 3).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
OUT=$BENCH_DIR/target/sync
ROUNDS=${BENCH_SYNC_ROUNDS:-3}
# shellcheck source=results.sh
source "$BENCH_DIR/results.sh"
mkdir -p "$OUT"

[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_SYNC_ROUNDS must be a positive number, not '$ROUNDS'" >&2; exit 1; }
if ! command -v rsync >/dev/null; then
  echo "bench: installing rsync" >&2
  apt-get install -y -q rsync >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q rsync >/dev/null; }
fi
for module in proto common worker coordinator; do
  [ -d "$REPO/$module/target/classes" ] || { echo "bench: $module is not built; run mvn -B -q install -DskipTests first" >&2; exit 1; }
done

cd "$REPO/deploy"
[ -d target/test-classes/dev/jxdist/it ] || mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test >/dev/null
# jxdist's own modules from this checkout, not the SNAPSHOTs in ~/.m2 (which another checkout may
# have installed); everything else as Maven resolved it.
MODULES=$REPO/coordinator/target/classes:$REPO/common/target/classes:$REPO/worker/target/classes:$REPO/proto/target/classes
DEPS=$(tr ':' '\n' <"$OUT/classpath.txt" | grep -v '/dev/jxdist/' | paste -sd: -)
CP=target/test-classes:target/classes:$MODULES:$DEPS
# The coordinator's JVM flags, as bin/jxdist sets them: the sync runs in that JVM.
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$CP" dev.jxdist.it.SyncBench "$OUT/section.md" "$OUT" "$ROUNDS"
write_section "$BENCH_DIR/RESULTS.md" bench/sync.sh "$OUT/section.md"
echo "bench: wrote its section of $BENCH_DIR/RESULTS.md" >&2
