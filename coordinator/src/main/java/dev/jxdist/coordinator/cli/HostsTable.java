package dev.jxdist.coordinator.cli;

import dev.jxdist.coordinator.join.AgentCheck;
import dev.jxdist.coordinator.ssh.HostStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table {@code jxdist hosts check} prints: one row per host, in the host list's order; a bad
 * host's row gives the reason in place of the values.
 *
 * <pre>
 * HOST        REACHABLE  JAVA     CORES  FREE DISK  STORE
 * 10.213.1.2  yes        17.0.15  2      41.2 GiB   0 B
 * build3      no         unreachable (connection timed out after 5 s)
 * </pre>
 */
final class HostsTable {

  private static final List<String> HEADER =
      List.of("HOST", "REACHABLE", "JAVA", "CORES", "FREE DISK", "STORE");

  private HostsTable() {}

  private static final List<String> AGENT_HEADER =
      List.of("AGENT", "REACHABLE", "SLOTS FREE", "JAVA", "STORE", "VERSION", "RUNS");

  /** The agents' table: one row per agent; an agent that could not be asked gives the reason. */
  static String formatAgents(List<AgentCheck> checks) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(AGENT_HEADER);
    for (AgentCheck c : checks) {
      if (c.problem().isPresent()) {
        rows.add(List.of(c.address().toString(), "no", c.problem().get()));
      } else {
        rows.add(
            List.of(
                c.address() + " (" + c.name() + ")",
                "yes",
                c.slotsFree() + " of " + c.slots() + (c.draining() ? " (stopping)" : ""),
                c.java(),
                bytes(c.storeBytes())
                    + (c.storeMaxBytes() > 0 ? " of " + bytes(c.storeMaxBytes()) : ""),
                c.version(),
                Integer.toString(c.runs())));
      }
    }
    return table(AGENT_HEADER, rows);
  }

  static String format(List<HostStatus> statuses) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (HostStatus s : statuses) {
      if (s.usable()) {
        rows.add(
            List.of(
                s.host(),
                "yes",
                s.javaVersion().orElse("?"),
                Integer.toString(s.cores()),
                bytes(s.freeDiskBytes()),
                bytes(s.storeBytes())));
      } else {
        rows.add(List.of(s.host(), s.reachable() ? "yes" : "no", s.failure().orElse("")));
      }
    }
    return table(HEADER, rows);
  }

  private static String table(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (List<String> row : rows) {
      // A failure reason spans the value columns: it does not widen them.
      int columns = row.size() == header.size() ? row.size() : 2;
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** {@code 0 B}, {@code 512 B}, {@code 3.4 MiB}, {@code 41.2 GiB}; {@code ?} if unknown. */
  static String bytes(long bytes) {
    if (bytes < 0) {
      return "?";
    }
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
