package whole;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Methods in a fixed order. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderedTest {
  @Test
  @Order(2)
  void second() {}

  @Test
  @Order(1)
  void first() {}
}
