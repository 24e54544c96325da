package fx;

import org.junit.jupiter.api.Test;

/** Takes a while: long enough for a Stop to arrive while it runs. */
class SlowTest {

  @Test
  void takesItsTime() throws InterruptedException {
    Thread.sleep(1500);
  }
}
