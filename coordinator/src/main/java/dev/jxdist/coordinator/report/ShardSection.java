package dev.jxdist.coordinator.report;

import java.util.List;

/**
 * The {@code shard} section of a shard's JSON report ({@code --shard I/N}): which shard it is, and
 * what {@code merge-reports} checks the shards against each other with.
 *
 * @param index this shard, 1 to {@code count}
 * @param count how many shards the run was split into
 * @param plan a fingerprint of the whole plan of every suite: equal in every shard of one split
 * @param split a fingerprint of the whole split (every unit's shard): equal in every shard too
 * @param by what the split went by: {@code durations} (the history's times) or {@code unique id}
 * @param units this shard's units: their first nodes' unique ids, with their suites
 * @param plannedTests the tests of the plan in this shard's units (dynamic ones not counted)
 * @param unitsTotal the units of all shards together
 */
public record ShardSection(
    int index,
    int count,
    String plan,
    String split,
    String by,
    List<Unit> units,
    int plannedTests,
    int unitsTotal) {

  /** The value of {@link #by} when the split went by the durations history. */
  public static final String BY_DURATIONS = "durations";

  /** The value of {@link #by} when there was no history: round robin by unique id. */
  public static final String BY_UNIQUE_ID = "unique id";

  /** A unit of the split: the unique id of the top-level node it selects, and its suite. */
  public record Unit(String module, String id) {}

  public ShardSection {
    units = List.copyOf(units);
  }
}
