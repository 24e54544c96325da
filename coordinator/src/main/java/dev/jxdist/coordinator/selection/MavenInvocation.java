package dev.jxdist.coordinator.selection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the command line hands to Maven, as {@code mvn test} would take it: the {@code -D}
 * properties (user properties: they select tests, skip them, feed the POMs' expressions and reach
 * the tests as system properties, as Surefire passes them) and the {@code -P} profiles.
 *
 * @param properties {@code -Dkey=value}, in the order given
 * @param profiles {@code -P} profile names (a leading {@code !} or {@code -} deactivates one)
 */
public record MavenInvocation(Map<String, String> properties, List<String> profiles) {

  public MavenInvocation {
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    profiles = List.copyOf(profiles);
  }

  /** No properties, no profiles. */
  public static MavenInvocation none() {
    return new MavenInvocation(Map.of(), List.of());
  }

  /** The arguments for {@code mvn}. */
  public List<String> args() {
    List<String> args = new ArrayList<>();
    properties.forEach((k, v) -> args.add("-D" + k + "=" + v));
    if (!profiles.isEmpty()) {
      args.add("-P" + String.join(",", profiles));
    }
    return args;
  }
}
