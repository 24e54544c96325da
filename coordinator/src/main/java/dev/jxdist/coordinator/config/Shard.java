package dev.jxdist.coordinator.config;

/**
 * Which part of a split run this one is ({@code --shard I/N}): shard {@code index} of {@code
 * count}, counted from 1.
 *
 * @param index this shard, 1 to {@code count}
 * @param count how many shards the run is split into
 */
public record Shard(int index, int count) {

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException(
          "a shard is 1 to count of count >= 1, got " + index + "/" + count);
    }
  }

  /**
   * The shard {@code text} names ({@code 2/5}).
   *
   * @throws UsageException naming {@code --shard} and the value, if it is not I/N with 1 <= I <= N
   */
  public static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length == 2) {
      try {
        int index = Integer.parseInt(parts[0].trim());
        int count = Integer.parseInt(parts[1].trim());
        if (count >= 1 && index >= 1 && index <= count) {
          return new Shard(index, count);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new UsageException(
        "--shard "
            + text
            + ": give I/N, this shard's number I of N shards, 1 <= I <= N (e.g. 2/3)");
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
