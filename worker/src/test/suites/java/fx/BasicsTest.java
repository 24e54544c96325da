package fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** One test per outcome, plus output and a report entry. */
class BasicsTest {

  @Test
  void passes() {
    System.out.println("out from passes");
    System.err.println("err from passes");
  }

  @Test
  void fails() {
    assertEquals(1, 2, "one is not two");
  }

  @Test
  void errors() {
    throw new IllegalStateException("boom");
  }

  @Test
  @Disabled("not today")
  void disabled() {}

  @Test
  void aborted() {
    assumeTrue(false, "assumed wrong");
  }

  @Test
  void reports(TestReporter reporter) {
    reporter.publishEntry("answer", "42");
  }

  @Test
  @Tag("slow")
  @Tag("db")
  void tagged() {}
}
