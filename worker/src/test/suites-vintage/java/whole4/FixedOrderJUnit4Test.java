package whole4;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/** JUnit 4 methods in name order. */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FixedOrderJUnit4Test {
  @Test
  public void a() {}

  @Test
  public void b() {}
}
