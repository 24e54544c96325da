package whole;

import org.junit.jupiter.api.Test;

/** PER_CLASS by inheritance. */
class InheritsPerClassTest extends PerClassBase {
  @Test
  void one() {}
}
