package whole;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Says PER_METHOD itself, whatever the configured default. */
@TestInstance(TestInstance.Lifecycle.PER_METHOD)
class PerMethodTest {
  @Test
  void one() {}
}
