package dev.jxdist.coordinator.manager;

import dev.jxdist.coordinator.scheduler.Distribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How the worker JVMs that jxdist starts compile the code they run: HotSpot's default (tiered: C1
 * with profiling, then C2 for the hottest code), or C1 alone ({@code -XX:TieredStopAtLevel=1}).
 *
 * <p>A worker with a few seconds of tests spends more CPU compiling than running them: its code is
 * run a few times each (JUnit's engine, gRPC, the tests), so the profiling and the C2 compilations
 * of the default pay back only in a longer run. On the 2,000 trivial tests of bench/run.sh, C1
 * alone took {@code -n 2} from 3.9 s to 2.8 s and 7.3 CPU s to 5.0; on a suite of pure compute
 * loops (sorting, hashing, primes) on two workers it still saved 9% at 4 s of tests per worker,
 * broke even at 8 s and cost 5% at 18 s (bench/README.md). So the workers run C1 alone when the
 * work known before the plan (the last run's in the durations history, or, in a project jxdist
 * never ran, what Surefire's reports of an earlier {@code mvn test} say) gives each of them less
 * than {@value #C1_ONLY_BELOW_SECONDS} s: below the point where even hot loops would have paid for
 * C2. A run that knows no work, or more, keeps the default; a C1 run whose tests took longer than
 * the line hands the next run back to it (near the line, both cost about the same).
 *
 * <p>A suite that chooses its own compilation (a JVM argument or a {@code JAVA_TOOL_OPTIONS} or
 * {@code JDK_JAVA_OPTIONS} of its environment that names a compiler option, {@code -Xint}, {@code
 * -Xcomp} or {@code -Xmixed}) keeps it: {@code --jvm-arg=-XX:TieredStopAtLevel=4} asks for the
 * default whatever the history says.
 */
public enum WorkerJit {
  /** HotSpot's default: tiered compilation, to C2. */
  TIERED,
  /** C1 alone: {@code -XX:TieredStopAtLevel=1}. */
  C1_ONLY;

  /** Below this many seconds of work per worker, the workers run C1 alone. */
  static final double C1_ONLY_BELOW_SECONDS = 5.0;

  private static final List<String> ENVIRONMENT_OPTIONS =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

  /**
   * The compilation of a run that knows of {@code work} seconds of tests before its plan (the last
   * run's, or an earlier {@code mvn test}'s; empty if it knows none) and starts {@code workers}:
   * they share the work, except with {@code --dist each}, where every worker runs all of it.
   */
  public static WorkerJit forRun(OptionalDouble work, Distribution distribution, int workers) {
    return forShare(work, distribution == Distribution.EACH ? 1 : workers);
  }

  /** The compilation of workers that share {@code work} seconds of tests ({@link #forRun}). */
  static WorkerJit forShare(OptionalDouble work, int workers) {
    if (work.isEmpty() || workers < 1) {
      return TIERED;
    }
    return work.getAsDouble() / workers < C1_ONLY_BELOW_SECONDS ? C1_ONLY : TIERED;
  }

  /**
   * The JVM arguments this compilation adds to a worker started with {@code jvmArgs} and {@code
   * environment} (all of it: a worker on this machine inherits the coordinator's): none if they
   * choose the compilation themselves.
   */
  public List<String> jvmArgs(List<String> jvmArgs, Map<String, String> environment) {
    boolean chosen =
        jvmArgs.stream().anyMatch(WorkerJit::choosesCompilation)
            || ENVIRONMENT_OPTIONS.stream()
                .map(environment::get)
                .anyMatch(options -> options != null && choosesCompilation(options));
    return this == C1_ONLY && !chosen ? List.of("-XX:TieredStopAtLevel=1") : List.of();
  }

  /**
   * All the JVM arguments of a worker started with the suite's {@code jvmArgs} and {@code
   * environment}: this compilation's ({@link #jvmArgs}), then the suite's.
   */
  public List<String> withSuiteArgs(List<String> jvmArgs, Map<String, String> environment) {
    List<String> all = new ArrayList<>(jvmArgs(jvmArgs, environment));
    all.addAll(jvmArgs);
    return all;
  }

  /** Whether {@code option} (or a line of them) sets how the JVM compiles. */
  static boolean choosesCompilation(String option) {
    String o = option.toLowerCase(Locale.ROOT);
    boolean compilerOption =
        o.contains("-xx:") && (o.contains("tier") || o.contains("compil") || o.contains("jvmci"));
    return compilerOption || o.contains("-xint") || o.contains("-xcomp") || o.contains("-xmixed");
  }
}
