package whole4;

import org.junit.Test;

/** Gets its runner from its base class. */
public class InheritsRunnerJUnit4Test extends RunnerBase {
  @Test
  public void one() {}
}
