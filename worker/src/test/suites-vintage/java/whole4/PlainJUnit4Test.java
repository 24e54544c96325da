package whole4;

import org.junit.Test;

/** Independent JUnit 4 tests: may be split. */
public class PlainJUnit4Test {
  @Test
  public void one() {}

  @Test
  public void two() {}
}
