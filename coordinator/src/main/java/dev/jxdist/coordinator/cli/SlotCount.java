package dev.jxdist.coordinator.cli;

import dev.jxdist.coordinator.config.HostSpec;
import dev.jxdist.coordinator.config.UsageException;

/** A count of worker JVMs as options take it: {@code N} from 1, or {@code auto} (one per core). */
final class SlotCount {

  private SlotCount() {}

  /**
   * Parses {@code text} given to {@code option}.
   *
   * @throws UsageException naming the option and the value if it is neither
   */
  static int parse(String text, String option) {
    String s = text.strip();
    if (s.equals("auto")) {
      return Runtime.getRuntime().availableProcessors();
    }
    if (s.matches("\\d{1,5}")) {
      int n = Integer.parseInt(s);
      if (n >= 1 && n <= HostSpec.MAX_WORKERS) {
        return n;
      }
    }
    throw new UsageException(
        option + " " + text + ": give a number from 1 to " + HostSpec.MAX_WORKERS + ", or auto");
  }
}
