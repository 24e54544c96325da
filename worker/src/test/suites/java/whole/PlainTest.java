package whole;

import org.junit.jupiter.api.Test;

/** Independent tests: may be split. */
class PlainTest {
  @Test
  void one() {}

  @Test
  void two() {}
}
