package dev.jxdist.coordinator.selection;

import java.util.ArrayList;
import java.util.List;

/**
 * Surefire's {@code groups} and {@code excludedGroups} as JUnit tag expressions. (Its class and
 * method patterns are not translated: the workers apply them with Surefire's own resolver, see
 * {@link SurefireParameters}.)
 */
final class SurefirePatterns {

  private SurefirePatterns() {}

  /** Surefire's {@code groups} / {@code excludedGroups}: comma-separated tag expressions. */
  public static List<String> toTagExpressions(String groups) {
    List<String> out = new ArrayList<>();
    for (String g : groups.split(",")) {
      if (!g.isBlank()) {
        out.add(g.strip());
      }
    }
    return out;
  }
}
