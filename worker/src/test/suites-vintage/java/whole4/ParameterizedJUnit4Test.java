package whole4;

import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/** A JUnit 4 class with a runner of its own. */
@RunWith(Parameterized.class)
public class ParameterizedJUnit4Test {
  @Parameterized.Parameters
  public static List<Object[]> data() {
    return List.of(new Object[] {1}, new Object[] {2});
  }

  private final int n;

  public ParameterizedJUnit4Test(int n) {
    this.n = n;
  }

  @Test
  public void positive() {
    org.junit.Assert.assertTrue(n > 0);
  }
}
