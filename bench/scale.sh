#!/usr/bin/env bash
# jxdist scale benchmark: one real coordinator (jxdist run --join N) driven by N simulated joined
# workers (dev.jxdist.it.ScaleBench) over real gRPC streams on loopback, on a synthetic plan of C
# classes of T tests. Measures events per second, the coordinator's CPU seconds and heap, the
# dispatch latency (UnitDone to the next Run, at the generator) and the report-writing time.
# Writes its section of bench/RESULTS.md, one per load (the other scripts write theirs). See
# bench/README.md.
#
# Runs ScaleBench from this checkout's own classes and distribution (build them first:
# mvn -B -q install -DskipTests). Environment: BENCH_SCALE_WORKERS (default 500),
# BENCH_SCALE_CLASSES (50000), BENCH_SCALE_TESTS_PER_CLASS (20), BENCH_SCALE_JFR=1 (also record a
# JFR profile of the coordinator into bench/target/scale/coordinator.jfr),
# BENCH_SCALE_UNIT_MS (each unit's UnitDone that long after its tests' events, as if they took
# that long; default 0), BENCH_SCALE_NO_SECTION=1 (measure, but leave RESULTS.md alone), BENCH_SCALE_JAVA_OPTS (more
# options for the coordinator's JVM, after the launcher's, as JXDIST_JAVA_OPTS would be).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
OUT=$BENCH_DIR/target/scale
WORKERS=${BENCH_SCALE_WORKERS:-500}
CLASSES=${BENCH_SCALE_CLASSES:-50000}
PER_CLASS=${BENCH_SCALE_TESTS_PER_CLASS:-20}
UNIT_MS=${BENCH_SCALE_UNIT_MS:-0}
# shellcheck source=results.sh
source "$BENCH_DIR/results.sh"

for v in WORKERS CLASSES PER_CLASS; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "bench: $v must be a positive number, not '${!v}'" >&2; exit 1; }
done
[[ $UNIT_MS =~ ^[0-9]+$ ]] || { echo "bench: BENCH_SCALE_UNIT_MS must be a number of milliseconds, not '$UNIT_MS'" >&2; exit 1; }
if [ "$UNIT_MS" -gt 0 ]; then
  units_line=" Each unit's UnitDone is sent $UNIT_MS ms after its tests' events, as if its tests took that long."
  key_suffix=", units of $UNIT_MS ms"
else
  units_line=" The tests take no time: the coordinator sets the pace."
  key_suffix=""
fi
[ -f "$REPO/deploy/target/jxdist/lib/jxdist.jar" ] || { echo "bench: the distribution is not built; run mvn -B -q install -DskipTests first" >&2; exit 1; }

# The previous run's XML files are deleted at its end, not here: ext4 skips inodes deleted in the
# last minutes when it allocates new ones (recently_deleted), and 50,000 deletions right before the
# coordinator writes its 50,000 reports made them take 25 s instead of 8 (perf: half of the
# coordinator's samples in the kernel's inode allocator). Run loads a few minutes apart.
rm -rf "$OUT"
mkdir -p "$OUT/suite" "$OUT/xml"
chmod 700 "$OUT"

cd "$REPO/deploy"
[ -f target/test-classes/dev/jxdist/it/ScaleBench.class ] || mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test >/dev/null
MODULES=$REPO/coordinator/target/classes:$REPO/common/target/classes:$REPO/worker/target/classes:$REPO/proto/target/classes
DEPS=$(tr ':' '\n' <"$OUT/classpath.txt" | grep -v '/dev/jxdist/' | paste -sd: -)
CP=target/test-classes:target/classes:$MODULES:$DEPS

# The suite's classpath: no test classes (the workers make the plan up), but the JUnit engine the
# coordinator checks for before it starts.
SUITE_CP=$OUT/suite:$(tr ':' '\n' <"$OUT/classpath.txt" |
  grep -E '/(junit-jupiter-engine|junit-jupiter-api|junit-platform-engine|junit-platform-commons|opentest4j|apiguardian-api)-[0-9]' |
  paste -sd: -)

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
opts="-Xlog:gc:file=$OUT/gc.log -Xlog:safepoint=off ${BENCH_SCALE_JAVA_OPTS:-}"
if [ "${BENCH_SCALE_JFR:-}" = 1 ]; then
  opts="$opts -XX:StartFlightRecording=filename=$OUT/coordinator.jfr,settings=profile"
fi
# The report timings: the report writers' own log lines, at debug level.
opts="$opts -Dorg.slf4j.simpleLogger.log.dev.jxdist.coordinator.run.RunOutputs=debug -Dorg.slf4j.simpleLogger.showDateTime=true"
# The coordinator's share of the dispatch latency (DispatchDelays), logged when the session ends.
opts="$opts -Dorg.slf4j.simpleLogger.log.dev.jxdist.coordinator.session.DispatchDelays=debug"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s.%N)
# Every load runs as a first run: its own empty durations history (the default, ./.jxdist of the
# working directory, would carry one load's million entries into the next one's figures).
JXDIST_JAVA_OPTS="$opts" "$REPO/bin/jxdist" run --join "$WORKERS" --listen "127.0.0.1:$PORT" \
  --token-file "$OUT/token" --classpath "$SUITE_CP" --scan "$OUT/suite" \
  --durations "$OUT/durations.json" \
  --reports-dir "$OUT/xml" --report-json "$OUT/report.json" >"$OUT/coordinator.out" 2>"$OUT/coordinator.err" &
launcher=$!

# The coordinator's JVM: the launcher execs it, or runs it as its child (the first run of a build
# writes its class data archive).
coordinator=
for _ in $(seq 100); do
  if [ "$(cat /proc/$launcher/comm 2>/dev/null)" = java ]; then coordinator=$launcher; break; fi
  child=$(pgrep -P "$launcher" java || true)
  if [ -n "$child" ]; then coordinator=$child; break; fi
  sleep 0.1
done
[ -n "$coordinator" ] || { echo "bench: the coordinator JVM did not start; see $OUT/coordinator.err" >&2; kill "$launcher"; exit 1; }

# Its CPU ticks and resident size, once a second, until it exits.
tck=$(getconf CLK_TCK)
(
  while [ -r "/proc/$coordinator/stat" ]; do
    stat=$(cat "/proc/$coordinator/stat" 2>/dev/null) || break
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$coordinator/status" 2>/dev/null || echo 0)
    # utime and stime are fields 14 and 15; the command name (field 2) has no spaces here.
    echo "$(date +%s.%N) $(echo "$stat" | awk '{print $14 + $15}') ${rss:-0} $(cut -d' ' -f1 /proc/loadavg)"
    sleep 1
  done
) >"$OUT/samples.txt" &
sampler=$!

java -Xmx2g -cp "$CP" dev.jxdist.it.ScaleBench "127.0.0.1:$PORT" "$OUT/token" "$WORKERS" "$CLASSES" \
  "$PER_CLASS" "$OUT/generator.txt" "$UNIT_MS" 2>"$OUT/generator.err" &
generator=$!
set +e
while kill -0 "$generator" 2>/dev/null && kill -0 "$launcher" 2>/dev/null; do sleep 1; done
wait "$generator"
grc=$?
if [ "$grc" = 2 ] && grep -q '^cannot_run=' "$OUT/generator.txt"; then
  # The load cannot be offered at all (a plan larger than the coordinator takes): stop the coordinator
  # that waits for it, and say so in the section.
  kill "$coordinator" 2>/dev/null
  wait "$launcher"
  wait "$sampler"
  {
    echo "## Scale: one coordinator, $WORKERS simulated workers, $((CLASSES * PER_CLASS)) tests (\`bench/scale.sh\`)"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'): this load cannot run: $(sed -n 's/^cannot_run=//p' "$OUT/generator.txt")."
    echo "See README.md (\"A coordinator that scales\") for what it needs."
  } >"$OUT/section.md"
  cat "$OUT/section.md"
  if [ "${BENCH_SCALE_NO_SECTION:-}" != 1 ]; then
    write_section "$BENCH_DIR/RESULTS.md" "bench/scale.sh $WORKERS workers, $((CLASSES * PER_CLASS)) tests$key_suffix" "$OUT/section.md"
  fi
  exit 1
fi
wait "$launcher"
rc=$?
set -e
ended=$(date +%s.%N)
wait "$sampler" || true
[ "$rc" = 0 ] || { echo "bench: the coordinator exited with $rc; see $OUT/coordinator.err" >&2; tail -n 20 "$OUT/coordinator.err" >&2; exit 1; }
[ "$grc" = 0 ] || { echo "bench: the generator exited with $grc; see $OUT/generator.err" >&2; exit 1; }

total=$((CLASSES * PER_CLASS))
grep -q "\"total\" : $total," "$OUT/report.json" || grep -q "\"total\": $total," "$OUT/report.json" ||
  { echo "bench: the JSON report does not count $total tests" >&2; exit 1; }
passed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["passed"])' "$OUT/report.json")
[ "$passed" = "$total" ] || { echo "bench: $passed of $total tests passed" >&2; exit 1; }
xml_files=$(find "$OUT/xml" -name 'TEST-*.xml' | wc -l)
# Workers the coordinator lost (and replaced) on the way: their unfinished tests ran again.
workers_seen=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["workers"]))' "$OUT/report.json")
workers_lost=$(python3 -c 'import json,sys; print(sum(w["state"] == "crashed" for w in json.load(open(sys.argv[1]))["workers"]))' "$OUT/report.json")

gen() { sed -n "s/^$1=//p" "$OUT/generator.txt"; }
cpu_s=$(awk -v t="$tck" '{c=$2} END {printf "%.1f", c / t}' "$OUT/samples.txt")
rss_mb=$(awk '$3 > m {m = $3} END {printf "%.0f", m / 1024}' "$OUT/samples.txt")
load_peak=$(awk '$4 > m {m = $4} END {print m}' "$OUT/samples.txt")
# Serial GC lines: "... Pause Young (Allocation Failure) 812M->301M(1024M) 55.1ms".
heap_peak=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$OUT/gc.log" | awk -F'[M>(-]+' '$1 > m {m = $1} END {print m + 0}')
live_peak=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$OUT/gc.log" | awk -F'[M>(-]+' '$2 > m {m = $2} END {print m + 0}')
committed_peak=$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$OUT/gc.log" | awk -F'[M>(-]+' '$3 > m {m = $3} END {print m + 0}')
gc_pauses=$(grep -c 'Pause' "$OUT/gc.log" || true)
wall=$(awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.1f", b - a}')
events=$(gen events)
events_s=$(gen events_seconds)
rate=$(awk -v e="$events" -v s="$events_s" 'BEGIN {printf "%.0f", e / s}')
xml_ms=$(sed -n 's/.*wrote the XML reports .* in \([0-9]*\) ms (\([0-9]*\) ms of CPU).*/\1 ms (\2 ms of CPU)/p' "$OUT/coordinator.err" | tail -n 1)
coordinator_wait=$(sed -n "s/.*a worker's wait for its next unit, at the coordinator: //p" "$OUT/coordinator.err" | tail -n 1)
json_ms=$(sed -n 's/.*wrote the JSON report .* in \([0-9]*\) ms (\([0-9]*\) ms of CPU).*/\1 ms (\2 ms of CPU)/p' "$OUT/coordinator.err" | tail -n 1)
json_mb=$(du -m "$OUT/report.json" | cut -f1)
longest_pause=$(grep 'Pause' "$OUT/gc.log" | awk '{v = $NF; sub(/ms$/, "", v); if (v + 0 > m) m = v + 0} END {printf "%.0f", m}')
# How long a worker takes per unit, its wait for the next included. When the tests take no time it
# is all waiting: a closed loop, each worker with about one unit's events on their way to the
# coordinator, which takes them at its own rate (Little's law: workers x events per unit / rate).
per_unit=$(awk -v e="$events" -v u="$(gen units)" 'BEGIN {printf "%.1f", e / u}')
cycle_ms=$(awk -v s="$events_s" -v w="$WORKERS" -v u="$(gen units)" 'BEGIN {printf "%.0f", 1000 * s * w / u}')

{
  echo "## Scale: one coordinator, $WORKERS simulated workers, $total tests$key_suffix (\`bench/scale.sh\`)"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores shared with other work (load average before:" \
    "$load_before; at most $load_peak during the run), $(java -version 2>&1 | head -n 1)."
  echo "$WORKERS simulated joined workers (real join and worker streams over TLS on loopback), $CLASSES" \
    "classes of $PER_CLASS tests, every test started and finished with a line of output; all" \
    "$total passed, $xml_files XML files and a JSON report of $json_mb MB written.$units_line"
  echo
  echo "| figure | measured | target |"
  echo "|---|---:|---:|"
  echo "| events sent by the workers | $events | |"
  echo "| events per second (first Run to last UnitDone, $events_s s) | $rate | |"
  echo "| coordinator CPU, the whole run (user + system) | $cpu_s s | < 60 s |"
  echo "| coordinator heap at the peak (before a GC / live after it / committed) | $heap_peak / $live_peak / $committed_peak MB | < 2048 MB |"
  echo "| coordinator resident size at the peak | $rss_mb MB | |"
  echo "| GC pauses (the longest) | $gc_pauses ($longest_pause ms) | |"
  echo "| workers lost and replaced (of $workers_seen started) | $workers_lost | 0 |"
  echo "| dispatch latency, UnitDone to the next Run (p50 / p99 / max, $(gen dispatch_samples) waits) | $(gen dispatch_p50_ms) / $(gen dispatch_p99_ms) / $(gen dispatch_max_ms) ms | p99 < 50 ms |"
  echo "| the same wait at the coordinator, UnitDone's arrival to the Run sent | ${coordinator_wait:-?} | |"
  echo "| a worker's time per unit, its wait for the next included ($WORKERS workers x $per_unit events per unit / $rate events per second) | $cycle_ms ms | |"
  echo "| XML reports written ($xml_files files), wall (CPU) | ${xml_ms:-?} | < 10 s |"
  echo "| JSON report written, wall (CPU) | ${json_ms:-?} | < 10 s |"
  echo "| wall, coordinator start to exit | $wall s | |"
} >"$OUT/section.md"
cat "$OUT/section.md"
if [ "${BENCH_SCALE_NO_SECTION:-}" != 1 ]; then
  write_section "$BENCH_DIR/RESULTS.md" "bench/scale.sh $WORKERS workers, $((CLASSES * PER_CLASS)) tests$key_suffix" "$OUT/section.md"
  echo "bench: wrote its section of $BENCH_DIR/RESULTS.md" >&2
fi
# As early as possible before the next run (see the top): the reports were counted above.
rm -rf "$OUT/xml"
