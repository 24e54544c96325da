#!/usr/bin/env bash
# jxdist scheduling benchmark. The skewed fixture (deploy/src/it/fixtures/skewed: 30 classes of 0.1
# to 6 s, 40.1 s of work, the longest last in name order) on 6 workers, side by side in rounds:
#   jxdist cold       bin/jxdist run -n 6, no durations history
#   jxdist history    the same, with the history the cold run of the round left (loadclass)
#   jxdist worksteal  --dist worksteal, with that history
#   Surefire          mvn -o surefire:test -DforkCount=6 -DreuseForks=true
#   jxdist after mvn  bin/jxdist run -n 6, no history of its own, right after Surefire: ordered by
#                     the times in the reports Surefire just wrote (target/surefire-reports)
# The tests record their own class, start and end (FX_TIMES_DIR), so every runner is measured the
# same way: makespan = last test end - first test start; lower bound = max(longest class, total /
# 6) from the same tests' durations. Every round is reported, with where the history run's time
# beyond total / 6 went (scheduling-report.py). Writes its section of bench/RESULTS.md.
#
# Environment: BENCH_ROUNDS (default 5).
set -euo pipefail

ROUNDS=${BENCH_ROUNDS:-5}
WORKERS=6
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=results.sh
source "$BENCH_DIR/results.sh"
OUT=$BENCH_DIR/target/scheduling
PROJECT=$OUT/skewed
RESULTS=$BENCH_DIR/RESULTS.md

log() { echo "bench: $*" >&2; }

[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || {
  log "BENCH_ROUNDS must be a positive number, not '$ROUNDS'"
  exit 1
}

rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$REPO/deploy/src/it/fixtures/skewed" "$PROJECT"
(cd "$PROJECT" && mvn -B -q -o test-compile)
"$REPO/bin/jxdist" --version >/dev/null # builds jxdist if it is not built yet

# The machine's CPU seconds so far (all cores, user + system), from /proc/stat.
machine_cpu() { awk '/^cpu / { printf "%.2f\n", ($2 + $3 + $4 + $7 + $8) / 100 }' /proc/stat; }
# The CPU seconds of this script's finished children (user + system), from `times` (run in this
# shell, not in a subshell, which would count only its own children), written to file $1.
children_cpu() {
  times >"$1.raw"
  awk 'NR == 2 {
    split($1, u, /m|s/); split($2, s, /m|s/); printf "%.2f\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' \
    "$1.raw" >"$1"
}

{
  echo "date $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cores $(nproc)"
  echo "kernel $(uname -sr)"
  echo "java $(java -version 2>&1 | head -1)"
  echo "load_before $(cut -d' ' -f1 /proc/loadavg)"
} >"$OUT/machine.txt"
cpu_before=$(machine_cpu)
children_cpu "$OUT/cpu-before"
wall_before=$(date +%s)

# run NAME ROUND COMMAND...: runs COMMAND with the tests' times going to $OUT/times/NAME-ROUND.
run() {
  local name=$1 round=$2
  shift 2
  local times=$OUT/times/$name-$round
  mkdir -p "$times"
  local start end
  start=$(date +%s%N)
  FX_TIMES_DIR=$times "$@" >"$OUT/$name-$round.log" 2>&1 || {
    log "$name failed; see $OUT/$name-$round.log"
    exit 1
  }
  end=$(date +%s%N)
  echo "$name $round $(((end - start) / 1000000))" >>"$OUT/walls.txt"
}

HISTORY=$OUT/durations.json
for round in $(seq 1 "$ROUNDS"); do
  log "round $round of $ROUNDS"
  rm -f "$HISTORY"
  rm -rf "$PROJECT/target/surefire-reports" # the cold run is blind: no Surefire times either
  run jxdist-cold "$round" "$REPO/bin/jxdist" run -n $WORKERS --project "$PROJECT" \
    --durations "$HISTORY" --report-json "$OUT/jxdist-cold-$round.json"
  run jxdist-history "$round" "$REPO/bin/jxdist" run -n $WORKERS --project "$PROJECT" \
    --durations "$HISTORY" --report-json "$OUT/jxdist-history-$round.json"
  run jxdist-worksteal "$round" "$REPO/bin/jxdist" run -n $WORKERS --dist worksteal \
    --project "$PROJECT" --durations "$HISTORY" --report-json "$OUT/jxdist-worksteal-$round.json"
  run surefire "$round" mvn -B -o -f "$PROJECT/pom.xml" surefire:test -DforkCount=$WORKERS \
    -DreuseForks=true
  # A first run after mvn test: no history of its own, Surefire's reports of the run just before.
  rm -f "$OUT/durations-after-mvn.json"
  run jxdist-after-mvn "$round" "$REPO/bin/jxdist" run -n $WORKERS --project "$PROJECT" \
    --durations "$OUT/durations-after-mvn.json" --report-json "$OUT/jxdist-after-mvn-$round.json"
  python3 "$BENCH_DIR/scheduling-report.py" round "$OUT" "$WORKERS" "$round" >&2
done

children_cpu "$OUT/cpu-after"
{
  echo "wall_s $(($(date +%s) - wall_before))"
  echo "machine_cpu_s $(awk -v a="$cpu_before" -v b="$(machine_cpu)" 'BEGIN { printf "%.1f", b - a }')"
  echo "bench_cpu_s $(awk -v a="$(cat "$OUT/cpu-before")" -v b="$(cat "$OUT/cpu-after")" 'BEGIN { printf "%.1f", b - a }')"
} >>"$OUT/machine.txt"

python3 "$BENCH_DIR/scheduling-report.py" section "$OUT" "$WORKERS" >"$OUT/section.md"
write_section "$RESULTS" bench/scheduling.sh "$OUT/section.md"
log "wrote its section of $RESULTS"
cat "$OUT/section.md"
