package fx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A parameterized test (a container until it runs) and a nested class. */
class ParamsTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void positive(int n) {
    System.out.println("param " + n);
    assertTrue(n > 0);
  }

  @Nested
  class Inner {
    @Test
    void inside() {}
  }
}
