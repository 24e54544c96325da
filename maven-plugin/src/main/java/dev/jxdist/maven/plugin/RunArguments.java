package dev.jxdist.maven.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code jxdist run} command line the {@code test} goal runs: the reactor's module
 * descriptions, the worker jar, and the goal's parameters mapped onto the CLI's options.
 *
 * @param workers {@code -n}: a number or "auto"; null or blank for the CLI's default (auto, or none
 *     with hosts)
 * @param reportJson {@code --report-json}, null for none
 * @param testTimeout {@code --test-timeout} as given ({@code 5s}), null or blank for none; checked
 *     by the CLI, which names the option of a malformed value
 * @param unitTimeout {@code --unit-timeout}, likewise
 * @param sessionTimeout {@code --session-timeout}, likewise
 * @param reruns {@code --reruns}, null for none
 * @param dist {@code --dist} as given ({@code loadgroup}), null or blank for the CLI's default
 * @param shard {@code --shard} as given ({@code 2/3}), null or blank for the whole run
 * @param reportHtml {@code --report-html}, null for none
 * @param hosts the SSH hosts and their options, null for none
 */
record RunArguments(
    Path moduleDescriptions,
    Path workerJar,
    String workers,
    Path reportJson,
    List<String> jvmArgs,
    List<String> includeTags,
    List<String> excludeTags,
    List<String> selectClasses,
    List<String> selectPackages,
    Map<String, String> systemProperties,
    String testTimeout,
    String unitTimeout,
    String sessionTimeout,
    Integer reruns,
    String dist,
    String shard,
    Path reportHtml,
    HostArguments hosts) {

  /** Null lists and maps stand for none. */
  RunArguments {
    Objects.requireNonNull(moduleDescriptions, "moduleDescriptions");
    Objects.requireNonNull(workerJar, "workerJar");
    workers = workers == null || workers.isBlank() ? null : workers.trim();
    hosts = hosts == null ? HostArguments.NONE : hosts;
    jvmArgs = orEmpty(jvmArgs);
    includeTags = orEmpty(includeTags);
    excludeTags = orEmpty(excludeTags);
    selectClasses = orEmpty(selectClasses);
    selectPackages = orEmpty(selectPackages);
    systemProperties =
        systemProperties == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(systemProperties));
  }

  /** The arguments for {@code Main.execute}, starting with {@code run}. */
  List<String> toList() {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.add("--module-descriptions");
    args.add(moduleDescriptions.toString());
    args.add("--worker-jar");
    args.add(workerJar.toString());
    if (workers != null) {
      args.add("-n");
      args.add(workers);
    }
    if (reportJson != null) {
      args.add("--report-json");
      args.add(reportJson.toString());
    }
    if (reportHtml != null) {
      args.add("--report-html");
      args.add(reportHtml.toString());
    }
    repeat(args, "--jvm-arg", jvmArgs);
    repeat(args, "--include-tag", includeTags);
    repeat(args, "--exclude-tag", excludeTags);
    repeat(args, "--select-class", selectClasses);
    repeat(args, "--select-package", selectPackages);
    valued(args, "--test-timeout", testTimeout);
    valued(args, "--unit-timeout", unitTimeout);
    valued(args, "--session-timeout", sessionTimeout);
    valued(args, "--dist", dist);
    valued(args, "--shard", shard);
    if (reruns != null) {
      args.add("--reruns=" + reruns);
    }
    hosts.addTo(args);
    for (Map.Entry<String, String> e : systemProperties.entrySet()) {
      args.add("-D" + e.getKey() + "=" + (e.getValue() == null ? "" : e.getValue()));
    }
    return args;
  }

  /** Appends {@code option=value}, trimmed, unless {@code value} is null or blank. */
  static void valued(List<String> args, String option, String value) {
    if (value != null && !value.isBlank()) {
      args.add(option + "=" + value.trim());
    }
  }

  private static void repeat(List<String> args, String option, List<String> values) {
    for (String value : values) {
      // An option value that starts with '-' must be attached, or the CLI reads it as an option.
      args.add(option + "=" + value);
    }
  }

  private static List<String> orEmpty(List<String> values) {
    List<String> kept = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        if (v != null && !v.isBlank()) {
          kept.add(v.trim());
        }
      }
    }
    return List.copyOf(kept);
  }
}
