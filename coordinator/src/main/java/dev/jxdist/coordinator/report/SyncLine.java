package dev.jxdist.coordinator.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live state of the syncs to a run's hosts as one line, in host-list order:
 *
 * <pre>sync: build1 45/310 files 40.2/105.3 MiB | build2 done | build3 ...</pre>
 *
 * <p>({@code ...}: connecting or checking what the host lacks; the counts are of what it lacks).
 * And, for a log, the line that says how one host's sync went: {@link #finished}.
 */
final class SyncLine {

  private static final String ELLIPSIS = "...";
  private static final double MIB = 1024.0 * 1024.0;

  private enum Phase {
    WAITING,
    UPLOADING,
    DONE,
    FAILED
  }

  private record HostState(
      Phase phase, int filesDone, int filesTotal, long bytesDone, long bytesTotal) {
    static final HostState WAITING = new HostState(Phase.WAITING, 0, 0, 0, 0);
  }

  private final Map<String, HostState> hosts = new LinkedHashMap<>();

  void hosts(List<String> names) {
    for (String name : names) {
      hosts.putIfAbsent(ConsoleSummary.printable(name), HostState.WAITING);
    }
  }

  void uploading(String host, int filesDone, int filesTotal, long bytesDone, long bytesTotal) {
    hosts.put(
        ConsoleSummary.printable(host),
        new HostState(Phase.UPLOADING, filesDone, filesTotal, bytesDone, bytesTotal));
  }

  void done(String host) {
    hosts.put(ConsoleSummary.printable(host), new HostState(Phase.DONE, 0, 0, 0, 0));
  }

  void failed(String host) {
    hosts.put(ConsoleSummary.printable(host), new HostState(Phase.FAILED, 0, 0, 0, 0));
  }

  /** Whether a host is still being prepared. */
  boolean active() {
    return hosts.values().stream()
        .anyMatch(h -> h.phase() == Phase.WAITING || h.phase() == Phase.UPLOADING);
  }

  /** The line, cut to {@code maxWidth} characters when {@code maxWidth > 0}. */
  String render(int maxWidth) {
    StringBuilder line = new StringBuilder("sync:");
    String separator = " ";
    for (Map.Entry<String, HostState> host : hosts.entrySet()) {
      line.append(separator).append(host.getKey()).append(' ').append(text(host.getValue()));
      separator = " | ";
    }
    if (maxWidth <= 0 || line.length() <= maxWidth) {
      return line.toString();
    }
    return maxWidth <= ELLIPSIS.length()
        ? line.substring(0, maxWidth)
        : line.substring(0, maxWidth - ELLIPSIS.length()) + ELLIPSIS;
  }

  /** {@code sync build1: 310 files, 12 uploaded, 3.1 MiB in 1.4s}. */
  static String finished(String host, SyncStats stats) {
    return String.format(
        Locale.ROOT,
        "sync %s: %d files, %d uploaded, %s in %.1fs",
        ConsoleSummary.printable(host),
        stats.files(),
        stats.filesUploaded(),
        ConsoleSummary.bytes(stats.bytesUploaded()),
        stats.seconds());
  }

  private static String text(HostState state) {
    switch (state.phase()) {
      case WAITING:
        return ELLIPSIS;
      case DONE:
        return "done";
      case FAILED:
        return "failed";
      case UPLOADING:
        return String.format(
            Locale.ROOT,
            "%d/%d files %.1f/%.1f MiB",
            state.filesDone(),
            state.filesTotal(),
            state.bytesDone() / MIB,
            state.bytesTotal() / MIB);
      default:
        throw new IllegalStateException("unknown phase " + state.phase());
    }
  }
}
