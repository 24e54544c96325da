package whole;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One instance for all tests: state flows between them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerClassTest {
  @Test
  void one() {}
}
