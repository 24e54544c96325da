package dev.jxdist.common.model;

import java.util.Map;

/**
 * An entry a test published through the JUnit {@code TestReporter}.
 *
 * @param timestampMs when, in milliseconds since the epoch
 * @param values its key-value pairs
 */
public record ReportEntry(long timestampMs, Map<String, String> values) {

  public ReportEntry {
    values = Map.copyOf(values);
  }
}
