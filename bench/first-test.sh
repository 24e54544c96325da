#!/usr/bin/env bash
# jxdist time-to-first-test benchmark (issue 12 point 3): the demo project under bin/jxdist run
# --project, locally with -n auto and -n 6 and on one SSH test host (a network namespace with a real
# sshd; needs root, iproute2, openssh-server): from the command's start, when the session started
# and when the first test started. Writes its section of bench/RESULTS.md. See bench/README.md.
#
# Runs dev.jxdist.it.FirstTestBench from this checkout's own classes and distribution (build them
# first: mvn -B -q install -DskipTests). Environment: BENCH_FIRST_ROUNDS (default 3).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
OUT=$BENCH_DIR/target/first-test
ROUNDS=${BENCH_FIRST_ROUNDS:-3}
# shellcheck source=results.sh
source "$BENCH_DIR/results.sh"
mkdir -p "$OUT"

[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_FIRST_ROUNDS must be a positive number, not '$ROUNDS'" >&2; exit 1; }
[ -f "$REPO/deploy/target/jxdist/lib/jxdist.jar" ] || { echo "bench: the distribution is not built; run mvn -B -q install -DskipTests first" >&2; exit 1; }

# The demo, copied and built once, so that every timed run finds it up to date.
rm -rf "$OUT/demo"
cp -r "$REPO/examples/demo" "$OUT/demo"
rm -rf "$OUT/demo/target"
(cd "$OUT/demo" && mvn -B -q -o test-compile) || (cd "$OUT/demo" && mvn -B -q test-compile)

cd "$REPO/deploy"
[ -f target/test-classes/dev/jxdist/it/FirstTestBench.class ] || mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test >/dev/null
MODULES=$REPO/coordinator/target/classes:$REPO/common/target/classes:$REPO/worker/target/classes:$REPO/proto/target/classes
DEPS=$(tr ':' '\n' <"$OUT/classpath.txt" | grep -v '/dev/jxdist/' | paste -sd: -)
CP=target/test-classes:target/classes:$MODULES:$DEPS
java -cp "$CP" dev.jxdist.it.FirstTestBench "$OUT/section.md" "$OUT" "$REPO/bin/jxdist" "$OUT/demo" "$ROUNDS"
write_section "$BENCH_DIR/RESULTS.md" bench/first-test.sh "$OUT/section.md"
echo "bench: wrote its section of $BENCH_DIR/RESULTS.md" >&2
cat "$OUT/section.md"
