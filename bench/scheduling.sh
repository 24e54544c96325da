#!/usr/bin/env bash
# jxdist scheduling benchmark. The skewed fixture (deploy/src/it/fixtures/skewed: 30 classes, one
# as long as ten others together and last in name order) on 6 workers, side by side in alternating
# rounds:
#   jxdist cold       bin/jxdist run -n 6, no durations history
#   jxdist history    the same, with the history the cold run left (loadclass)
#   jxdist worksteal  --dist worksteal, with that history
#   Surefire          mvn -o surefire:test -DforkCount=6 -DreuseForks=true
# The tests record their own class, start and end (FX_TIMES_DIR), so every runner is measured the
# same way: makespan = last test end - first test start; lower bound = max(longest class, total /
# 6) from the same tests' durations. Writes its section of bench/RESULTS.md.
#
# Environment: BENCH_ROUNDS (default 3).
set -euo pipefail

ROUNDS=${BENCH_ROUNDS:-3}
WORKERS=6
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=results.sh
source "$BENCH_DIR/results.sh"
OUT=$BENCH_DIR/target/scheduling
PROJECT=$OUT/skewed
RESULTS=$BENCH_DIR/RESULTS.md

log() { echo "bench: $*" >&2; }

rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$REPO/deploy/src/it/fixtures/skewed" "$PROJECT"
(cd "$PROJECT" && mvn -B -q -o test-compile)
"$REPO/bin/jxdist" --version >/dev/null # builds jxdist if it is not built yet

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
  run jxdist-cold "$round" "$REPO/bin/jxdist" run -n $WORKERS --project "$PROJECT" --durations "$HISTORY"
  run jxdist-history "$round" "$REPO/bin/jxdist" run -n $WORKERS --project "$PROJECT" --durations "$HISTORY"
  run jxdist-worksteal "$round" "$REPO/bin/jxdist" run -n $WORKERS --dist worksteal --project "$PROJECT" --durations "$HISTORY"
  run surefire "$round" mvn -B -o -f "$PROJECT/pom.xml" surefire:test -DforkCount=$WORKERS -DreuseForks=true
done

python3 - "$OUT" "$WORKERS" >"$OUT/section.md" <<'PY'
import glob, os, statistics, sys
out, workers = sys.argv[1], int(sys.argv[2])
names = [("jxdist-cold", "jxdist, no history"), ("jxdist-history", "jxdist, with history"),
         ("jxdist-worksteal", "jxdist --dist worksteal, with history"),
         ("surefire", "Surefire forkCount=6")]
walls = {}
for line in open(os.path.join(out, "walls.txt")):
    n, r, w = line.split()
    walls.setdefault(n, []).append(int(w) / 1000)
rows = []
for name, label in names:
    ratios, spans, bounds = [], [], []
    for d in sorted(glob.glob(os.path.join(out, "times", name + "-*"))):
        tests = []
        for f in glob.glob(os.path.join(d, "*.txt")):
            for line in open(f):
                c, s, e = line.split()
                tests.append((c, int(s), int(e)))
        per_class = {}
        for c, s, e in tests:
            per_class[c] = per_class.get(c, 0) + (e - s)
        bound = max(max(per_class.values()), sum(per_class.values()) / workers) / 1000
        span = (max(e for _, _, e in tests) - min(s for _, s, _ in tests)) / 1000
        assert len(tests) == 60, (d, len(tests))
        ratios.append(span / bound); spans.append(span); bounds.append(bound)
    rows.append((label, statistics.median(spans), statistics.median(bounds),
                 statistics.median(ratios), max(ratios), statistics.median(walls[name])))
print("## Scheduling: a skewed suite on 6 workers")
print()
print("Written by `bench/scheduling.sh`; see README.md for what it measures. The fixture",
      "`deploy/src/it/fixtures/skewed`: 30 classes of 2 tests, one class as long as ten others",
      "and last in name order; 6 workers; %d rounds, medians." % len(walls["surefire"]))
print()
print("| runner | makespan (s) | lower bound (s) | makespan / bound | worst round | wall (s) |")
print("|---|---|---|---|---|---|")
for label, span, bound, ratio, worst, wall in rows:
    print("| %s | %.2f | %.2f | %.3f | %.3f | %.2f |" % (label, span, bound, ratio, worst, wall))
print()
print("Targets: with history at most 1.05 x the lower bound; every jxdist mode ahead of Surefire.")
PY

write_section "$RESULTS" bench/scheduling.sh "$OUT/section.md"
log "wrote its section of $RESULTS"
cat "$OUT/section.md"
