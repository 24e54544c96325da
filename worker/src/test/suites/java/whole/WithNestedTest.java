package whole;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A nested class runs inside its outer class's instance. */
class WithNestedTest {
  @Test
  void outer() {}

  @Nested
  class Inner {
    @Test
    void inner() {}
  }
}
