#!/usr/bin/env bash
# jxdist benchmark: what keeping a --project run up to date costs. On copies of examples/demo and
# deploy/src/it/fixtures/multi-module, built once, it times in alternating rounds:
#   (a) bin/jxdist run -n 2 --project P              an unchanged second run (Maven not asked)
#   (b) bin/jxdist run -n 2 --project P --no-build   the kept answer, no check at all (what a run
#                                                    cost before every run was brought up to date)
#   (c) mvn -q -o process-test-classes               mvn test's own up-to-date check: the lifecycle
#                                                    it runs before Surefire, nothing to do
#   (d) mvn -q -o process-test-classes jxdist:describe  what (a) would cost if it always asked Maven
# and (e) the run after one test source changed (Maven builds, then the tests run). Whole runs are
# dominated by JVM start-up and the tests, so the check itself is also timed in process
# (UpToDateProbe.java: MavenBuild.modules() on the up-to-date copy, with and without the check).
# Writes its section of bench/RESULTS.md. Environment: BENCH_ROUNDS (default 5).
set -euo pipefail

ROUNDS=${BENCH_ROUNDS:-5}
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=results.sh
source "$BENCH_DIR/results.sh"
OUT=$BENCH_DIR/target/uptodate
LOGS=$OUT/logs
JXDIST=$REPO/bin/jxdist
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$REPO/pom.xml" | head -1)

die() {
  echo "bench: $*" >&2
  exit 1
}
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive number, not '$ROUNDS'"
command -v mvn >/dev/null || die "mvn is not on the PATH; install Maven 3.8+"

rm -rf "$OUT"
mkdir -p "$LOGS"
PROJECTS=(demo multi-module)
declare -A SOURCE=([demo]=$REPO/examples/demo [multi-module]=$REPO/deploy/src/it/fixtures/multi-module)
for p in "${PROJECTS[@]}"; do
  cp -r "${SOURCE[$p]}" "$OUT/$p"
  rm -rf "$OUT/$p/target" "$OUT/$p"/*/target
  # The first run builds the copy and keeps the answer (not timed).
  "$JXDIST" run -n 2 --project "$OUT/$p" >"$LOGS/$p-first.log" 2>&1 || [ $? -eq 1 ] ||
    die "the first run on $p failed; see $LOGS/$p-first.log"
done

now() { date +%s.%N; }
# time_it NAME LOG COMMAND...: appends the wall time of COMMAND to $OUT/NAME.times
time_it() {
  local name=$1 log=$2
  shift 2
  local start end code=0
  start=$(now)
  "$@" >"$log" 2>&1 || code=$?
  end=$(now)
  # jxdist exits 1 when a test fails (the demo has failing tests on purpose); anything else is an error.
  [ $code -le 1 ] || die "'$*' exited $code; see $log"
  echo "$end - $start" | bc -l >>"$OUT/$name.times"
}

for round in $(seq 1 "$ROUNDS"); do
  for p in "${PROJECTS[@]}"; do
    dir=$OUT/$p
    time_it "$p-unchanged" "$LOGS/$p-unchanged-$round.log" "$JXDIST" run -n 2 --project "$dir"
    time_it "$p-nobuild" "$LOGS/$p-nobuild-$round.log" "$JXDIST" run -n 2 --project "$dir" --no-build
    time_it "$p-mvn" "$LOGS/$p-mvn-$round.log" bash -c "cd '$dir' && mvn -q -o -B process-test-classes"
    time_it "$p-describe" "$LOGS/$p-describe-$round.log" bash -c \
      "cd '$dir' && mvn -q -o -B process-test-classes dev.jxdist:jxdist-maven-plugin:$VERSION:describe -Djxdist.describeDir='$OUT/describe-$p'"
    # One test source changes (a comment line more): the next run must build.
    src=$(find "$dir" -path '*/src/test/java/*' -name '*.java' | sort | head -1)
    echo "// changed in round $round" >>"$src"
    time_it "$p-changed" "$LOGS/$p-changed-$round.log" "$JXDIST" run -n 2 --project "$dir"
  done
done

# The check alone, in process, on each project as the rounds left it (up to date).
for p in "${PROJECTS[@]}"; do
  "$JXDIST" run -n 2 --project "$OUT/$p" >"$LOGS/$p-probe-build.log" 2>&1 || true
  java -cp "$REPO/deploy/target/jxdist/lib/jxdist.jar" "$BENCH_DIR/UpToDateProbe.java" "$OUT/$p" 21 \
    >"$OUT/$p.probe" 2>"$LOGS/$p-probe.log" || die "the probe failed on $p; see $LOGS/$p-probe.log"
done

stats() { sort -n "$OUT/$1.times" | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f | %.2f | %.2f", m, a[1], a[NR]}'; }
median() { stats "$1" | cut -d'|' -f1 | tr -d ' '; }

section=$OUT/section.md
{
  echo "## Keeping a --project run up to date"
  echo
  echo "Written by \`bench/uptodate.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); see README.md for what it measures."
  echo
  echo "- Machine: $(nproc) cores, $(uname -sr)"
  echo "- Java: $(java -version 2>&1 | head -1)"
  echo "- Maven: $(mvn -B -version 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
  echo "- Projects: examples/demo ($(find "$OUT/demo/src" -type f | wc -l) source files) and the multi-module fixture ($(find "$OUT/multi-module" -path '*/src/*' -type f | wc -l)), built once before timing"
  echo "- Rounds: $ROUNDS, alternating; wall-clock seconds"
  echo
  echo "| project | contender | command | median s | min s | max s |"
  echo "|---|---|---|---:|---:|---:|"
  for p in "${PROJECTS[@]}"; do
    echo "| $p | unchanged second run | \`bin/jxdist run -n 2 --project P\` | $(stats "$p-unchanged") |"
    echo "| $p | the kept answer, unchecked (as before) | \`bin/jxdist run -n 2 --project P --no-build\` | $(stats "$p-nobuild") |"
    echo "| $p | mvn test's up-to-date check | \`mvn -q -o process-test-classes\` | $(stats "$p-mvn") |"
    echo "| $p | asking Maven every run | \`mvn -q -o process-test-classes jxdist:describe\` | $(stats "$p-describe") |"
    echo "| $p | after a test source changed | \`bin/jxdist run -n 2 --project P\` | $(stats "$p-changed") |"
  done
  echo
  echo "The check alone, in process (\`MavenBuild.modules()\` on the up-to-date copy, median of 21):"
  echo
  echo "| project | with the build check (every run now) | kept answer, key only (--no-build; all a run checked before) | mvn test's own check |"
  echo "|---|---:|---:|---:|"
  for p in "${PROJECTS[@]}"; do
    read -r check nobuild <"$OUT/$p.probe"
    echo "| $p | $check ms | $nobuild ms | $(median "$p-mvn") s |"
  done
} >"$section"
write_section "$BENCH_DIR/RESULTS.md" bench/uptodate.sh "$section"
echo "bench: wrote its section of $BENCH_DIR/RESULTS.md" >&2
