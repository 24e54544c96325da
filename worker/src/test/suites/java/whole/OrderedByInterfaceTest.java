package whole;

import org.junit.jupiter.api.Test;

/** Ordered through an interface. */
class OrderedByInterfaceTest implements OrderedContract {
  @Test
  void a() {}

  @Test
  void b() {}
}
