#!/usr/bin/env bash
# jxdist fault benchmark: a suite of sleeping tests on 2 SSH test hosts (network namespaces, needs
# root, iproute2, openssh-server), untouched and with one host's link cut mid-run: the run times,
# and how long after the cut the cut host's tests run on the other host.
# Writes its section of bench/RESULTS.md (the other scripts write theirs). See bench/README.md.
#
# Runs dev.jxdist.it.FaultBench from this checkout's own classes and distribution (build them
# first: mvn -B -q install -DskipTests). Environment: BENCH_FAULT_ROUNDS (default 3).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
OUT=$BENCH_DIR/target/faults
ROUNDS=${BENCH_FAULT_ROUNDS:-3}
# shellcheck source=results.sh
source "$BENCH_DIR/results.sh"
mkdir -p "$OUT"

[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_FAULT_ROUNDS must be a positive number, not '$ROUNDS'" >&2; exit 1; }
[ -f "$REPO/deploy/target/jxdist/lib/jxdist.jar" ] || { echo "bench: the distribution is not built; run mvn -B -q install -DskipTests first" >&2; exit 1; }

# The fixture, built once.
rm -rf "$OUT/sleepy"
cp -r "$REPO/deploy/src/it/fixtures/sleepy" "$OUT/sleepy"
(cd "$OUT/sleepy" && mvn -B -q -o test-compile) || (cd "$OUT/sleepy" && mvn -B -q test-compile)

cd "$REPO/deploy"
[ -d target/test-classes/dev/jxdist/it ] || mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test >/dev/null
MODULES=$REPO/coordinator/target/classes:$REPO/common/target/classes:$REPO/worker/target/classes:$REPO/proto/target/classes
DEPS=$(tr ':' '\n' <"$OUT/classpath.txt" | grep -v '/dev/jxdist/' | paste -sd: -)
CP=target/test-classes:target/classes:$MODULES:$DEPS
java -cp "$CP" dev.jxdist.it.FaultBench "$OUT/section.md" "$OUT" "$REPO/bin/jxdist" "$OUT/sleepy" "$ROUNDS"
write_section "$BENCH_DIR/RESULTS.md" bench/faults.sh "$OUT/section.md"
echo "bench: wrote its section of $BENCH_DIR/RESULTS.md" >&2
