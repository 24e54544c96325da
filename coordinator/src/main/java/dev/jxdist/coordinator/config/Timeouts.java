package dev.jxdist.coordinator.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long the coordinator lets work run before it steps in.
 *
 * @param test the longest one test may run ({@code --test-timeout}); the stretch between two tests
 *     of a unit (a class's {@code @BeforeAll} or {@code @AfterAll}) counts as well
 * @param unit the longest one unit of work may run ({@code --unit-timeout}): a whole class under
 *     {@code loadclass}
 * @param session the longest the whole run may take ({@code --session-timeout})
 */
public record Timeouts(
    Optional<Duration> test, Optional<Duration> unit, Optional<Duration> session) {

  /** No timeout at all. */
  public static final Timeouts NONE =
      new Timeouts(Optional.empty(), Optional.empty(), Optional.empty());

  public Timeouts {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(session, "session");
    for (Optional<Duration> d : java.util.List.of(test, unit, session)) {
      if (d.isPresent() && (d.get().isNegative() || d.get().isZero())) {
        throw new IllegalArgumentException("a timeout must be positive, got " + d.get());
      }
    }
  }
}
