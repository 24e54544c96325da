package dev.jxdist.common.model;

import java.util.List;

/**
 * Maven Surefire's selection of a suite's tests, in Surefire's own pattern syntax (globs over class
 * file paths such as {@code **}{@code /*Test.java}, plain or qualified class names, {@code
 * %regex[...]}, {@code Class#method}, {@code #method*}, {@code !exclusions}, comma lists), in the
 * two lists Surefire builds from its configuration.
 *
 * @param scanIncludes patterns a scanned class must match (Surefire's includes, or {@code -Dtest})
 * @param scanExcludes patterns that leave a scanned class out (Surefire's excludes)
 * @param testIncludes patterns a test method must match ({@code -Dtest}, or {@code includesFile})
 * @param testExcludes patterns that leave a test method out ({@code excludesFile})
 */
public record SurefireSelection(
    List<String> scanIncludes,
    List<String> scanExcludes,
    List<String> testIncludes,
    List<String> testExcludes) {

  public SurefireSelection {
    scanIncludes = List.copyOf(scanIncludes);
    scanExcludes = List.copyOf(scanExcludes);
    testIncludes = List.copyOf(testIncludes);
    testExcludes = List.copyOf(testExcludes);
  }
}
