package whole;

import org.junit.jupiter.api.Test;

/** PER_CLASS through a composed annotation. */
@Stateful
class ComposedPerClassTest {
  @Test
  void one() {}
}
