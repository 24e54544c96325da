package dev.jxdist.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatchDelaysTest {

  @Test
  void theSummaryHasTheNearestRankPercentilesOfEveryWait() {
    DispatchDelays delays = new DispatchDelays();
    assertThat(delays.summary()).isEmpty();

    // 2,000 waits of 1 to 2,000 ms, out of order: past the first array's 1,024.
    for (int ms = 2000; ms >= 1; ms--) {
      delays.waited(Duration.ofMillis(ms));
    }
    delays.waited(Duration.ofMillis(-5)); // a clock step back counts as no wait

    assertThat(delays.summary())
        .hasValue("p50 1000.00 / p99 1980.00 / max 2000.00 ms over 2001 waits");
    assertThat(DispatchDelays.percentile(new long[] {7}, 99)).isEqualTo(7);
  }
}
