#!/usr/bin/env python3
"""The numbers of bench/scheduling.sh, from the times the skewed fixture's tests recorded.

  scheduling-report.py round OUT WORKERS ROUND   one line per runner of that round (progress)
  scheduling-report.py section OUT WORKERS       the section of RESULTS.md, every round

OUT/times/RUNNER-ROUND/ holds one file per test JVM, a line per test: class, start, end (epoch
ms). For a run on W workers:

  makespan     last test end - first test start
  lower bound  max(longest class, total / W), the classes' times being their tests' own
  and, per worker (a JVM that ran no test counts as idle from start to end):
  start        its first test's start - the first test's start (start-up skew)
  gaps         the time between its first test's start and its last test's end that no test of it
               ran (launcher calls, dispatch round trips, the framework's own work per test)
  end idle     makespan - its last test's end (imbalance)

so that makespan = total / W + mean(start) + mean(gaps) + mean(end idle), exactly.
"""
import glob
import heapq
import os
import random
import statistics
import sys

RUNNERS = [
    ("jxdist-cold", "jxdist, no history"),
    ("jxdist-history", "jxdist, with history"),
    ("jxdist-worksteal", "jxdist --dist worksteal, with history"),
    ("surefire", "Surefire forkCount=6"),
    ("jxdist-after-mvn", "jxdist, no history, after mvn test"),
]
TESTS = 60


def analyse(out, workers, name, round_):
    """The figures of one run, as a dict."""
    jvms = []
    for f in sorted(glob.glob(os.path.join(out, "times", "%s-%s" % (name, round_), "*.txt"))):
        tests = []
        for line in open(f):
            c, s, e = line.split()
            tests.append((c, int(s) / 1000, int(e) / 1000))
        if tests:
            jvms.append(tests)
    tests = [t for jvm in jvms for t in jvm]
    if len(tests) != TESTS:
        raise SystemExit("%s round %s: %d test times, expected %d" % (name, round_, len(tests), TESTS))
    per_class = {}
    for c, s, e in tests:
        per_class[c] = per_class.get(c, 0) + (e - s)
    total = sum(per_class.values())
    bound = max(max(per_class.values()), total / workers)
    first = min(s for _, s, _ in tests)
    span = max(e for _, _, e in tests) - first
    starts, gaps, idles = [], [], []
    for jvm in jvms:
        begin = min(s for _, s, _ in jvm)
        end = max(e for _, _, e in jvm)
        busy = sum(e - s for _, s, e in jvm)
        starts.append(begin - first)
        gaps.append(end - begin - busy)
        idles.append(first + span - end)
    for _ in range(workers - len(jvms)):
        starts.append(span)
        gaps.append(0)
        idles.append(0)
    return {
        "span": span,
        "bound": bound,
        "share": total / workers,
        "ratio": span / bound,
        "start": statistics.mean(starts),
        "start_max": max(starts),
        "gaps": statistics.mean(gaps),
        "idle": statistics.mean(idles),
        "workers_used": len(jvms),
        "class_times": per_class,
    }


def list_schedule(durations, workers):
    """The makespan of handing `durations` out in this order, each to whichever worker is free."""
    free = [0.0] * workers
    for d in durations:
        heapq.heappush(free, heapq.heappop(free) + d)
    return max(free)


def blind_orders(per_class, workers, samples=20000):
    """What a scheduler that knows nothing of the classes' durations can expect, with perfect
    workers (no start-up, no gaps): the ratio to the bound in name order and over random orders."""
    durations = [per_class[c] for c in sorted(per_class)]
    bound = max(max(durations), sum(durations) / workers)
    rng = random.Random(12)
    ratios = sorted(list_schedule(rng.sample(durations, len(durations)), workers) / bound
                    for _ in range(samples))
    return {
        "name_order": list_schedule(durations, workers) / bound,
        "random_p10": ratios[samples // 10],
        "random_median": ratios[samples // 2],
        "random_p90": ratios[samples * 9 // 10],
        "random_within_1_30": sum(1 for r in ratios if r <= 1.30) / samples,
    }


def rounds(out):
    walls = {}
    for line in open(os.path.join(out, "walls.txt")):
        n, r, w = line.split()
        walls[(n, int(r))] = int(w) / 1000
    return sorted({r for _, r in walls}), walls


def round_lines(out, workers, round_):
    for name, label in RUNNERS:
        a = analyse(out, workers, name, round_)
        print(
            "round %s %-38s makespan %5.2f s  bound %5.2f s  %.3f x  (start %.2f, gaps %.2f, end idle %.2f)"
            % (round_, label, a["span"], a["bound"], a["ratio"], a["start"], a["gaps"], a["idle"]))


def section(out, workers):
    machine = dict(line.rstrip("\n").split(" ", 1) for line in open(os.path.join(out, "machine.txt")))
    rs, walls = rounds(out)
    runs = {(n, r): analyse(out, workers, n, r) for n, _ in RUNNERS for r in rs}
    other_cpu = float(machine["machine_cpu_s"]) - float(machine["bench_cpu_s"])
    wall = float(machine["wall_s"])
    p = print
    p("## Scheduling: a skewed suite on 6 workers")
    p()
    p("Written by `bench/scheduling.sh` on %s; see README.md for what it measures." % machine["date"])
    p()
    p("- Machine: %s cores, %s; Java: %s" % (machine["cores"], machine["kernel"], machine["java"]))
    p("- Load average (1 min) before the benchmark: %s. During its %.0f s, the machine spent %.1f CPU"
      " seconds, %.1f of them in the benchmark's own processes: %.1f in others (%.2f cores on"
      " average)." % (machine["load_before"], wall, float(machine["machine_cpu_s"]),
                      float(machine["bench_cpu_s"]), other_cpu, other_cpu / wall))
    p("- The fixture `deploy/src/it/fixtures/skewed`: 30 classes of 2 tests, 0.1 to 6 s a class,"
      " 40.1 s in all, the longest last in name order; %d workers; %d rounds, each runner once a"
      " round, in the order of the table; the history of each round is the one its cold run"
      " left. The cold run is blind (no history, no Surefire reports); the last row is a run with"
      " no history of its own right after the round's Surefire run, whose reports in"
      " target/surefire-reports it orders the classes by (a project's first jxdist run after"
      " `mvn test`)." % (workers, len(rs)))
    p()
    p("Makespan / lower bound, every round:")
    p()
    p("| runner | " + " | ".join("round %d" % r for r in rs) + " | median | worst |")
    p("|---|" + "---:|" * (len(rs) + 2))
    for name, label in RUNNERS:
        ratios = [runs[(name, r)]["ratio"] for r in rs]
        p("| %s | %s | %.3f | %.3f |" % (label, " | ".join("%.3f" % x for x in ratios),
                                          statistics.median(ratios), max(ratios)))
    p()
    p("Medians over the rounds (seconds):")
    p()
    p("| runner | makespan | lower bound | wall |")
    p("|---|---:|---:|---:|")
    for name, label in RUNNERS:
        p("| %s | %.2f | %.2f | %.2f |" % (
            label,
            statistics.median(runs[(name, r)]["span"] for r in rs),
            statistics.median(runs[(name, r)]["bound"] for r in rs),
            statistics.median(walls[(name, r)] for r in rs)))
    p()
    p("Where the time of the run with history went beyond total / 6 (seconds, means over the 6"
      " workers; makespan = total / 6 + start + gaps + end idle):")
    p()
    p("| round | makespan | total / 6 | start (latest) | gaps | end idle |")
    p("|---|---:|---:|---:|---:|---:|")
    for r in rs:
        a = runs[("jxdist-history", r)]
        p("| %d | %.2f | %.2f | %.2f (%.2f) | %.2f | %.2f |" % (
            r, a["span"], a["share"], a["start"], a["start_max"], a["gaps"], a["idle"]))
    p()
    blind = blind_orders(runs[("jxdist-cold", rs[0])]["class_times"], workers)
    p()
    p("Without a history nothing tells the long classes from the short ones (equal test counts,"
      " equal code). What any order-blind scheduler can expect on this fixture, with perfect workers"
      " (no start-up, no gaps; the classes' times of round 1; list scheduling, each class to the"
      " first free worker): in name order %.2f x the bound; over 20,000 random orders %.2f x at the"
      " median (10th percentile %.2f, 90th %.2f), within 1.30 x in %.0f%% of them." % (
          blind["name_order"], blind["random_median"], blind["random_p10"], blind["random_p90"],
          100 * blind["random_within_1_30"]))
    p()
    worst = max(runs[("jxdist-history", r)]["ratio"] for r in rs)
    p("Target: with history at most 1.05 x the lower bound in every round: %s (worst round %.3f)." % (
        "met" if worst <= 1.05 else "NOT met", worst))
    p()
    for name, label in (("jxdist-cold", "blind"), ("jxdist-after-mvn", "after `mvn test`")):
        cold = max(runs[(name, r)]["ratio"] for r in rs)
        p("Target: a run without history at most 1.30 x the bound, %s: %s (worst round %.3f)." % (
            label, "met" if cold <= 1.30 else "NOT met", cold))


def main():
    mode, out, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "round":
        round_lines(out, workers, int(sys.argv[4]))
    else:
        section(out, workers)


if __name__ == "__main__":
    main()
