package dev.jxdist.coordinator.config;

import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * How many local workers a run starts at most: never more than {@value #PER_CORE} per core (more
 * only exhaust the machine's processes and memory), and never more than the units of work there can
 * be (a worker without work only costs its start). A cap on a count the user gave is said.
 */
public final class WorkerCap {

  /** Local workers per core at most. */
  public static final int PER_CORE = 4;

  private WorkerCap() {}

  /**
   * The local workers to start.
   *
   * @param requested what {@code -n} asked for (or its default)
   * @param given whether the user gave the count ({@code -n N}); a default is capped silently
   * @param cores this machine's cores
   * @param units the most units of work the run can have, if known
   * @param warn hears why a given count was lowered
   */
  public static int of(
      int requested, boolean given, int cores, OptionalInt units, Consumer<String> warn) {
    int perCore = PER_CORE * Math.max(1, cores);
    int n = requested;
    if (n > perCore) {
      if (given) {
        warn.accept(
            "-n "
                + requested
                + " is more than "
                + PER_CORE
                + " workers per core ("
                + cores
                + (cores == 1 ? " core" : " cores")
                + "); starting "
                + perCore);
      }
      n = perCore;
    }
    if (units.isPresent() && n > Math.max(1, units.getAsInt())) {
      int u = Math.max(1, units.getAsInt());
      if (given) {
        warn.accept(
            "-n "
                + requested
                + " is more than the "
                + units.getAsInt()
                + (units.getAsInt() == 1 ? " test class" : " test classes")
                + " there are to run; starting "
                + u);
      }
      n = u;
    }
    return n;
  }
}
