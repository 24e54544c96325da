package fx;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * A listener a suite registers through {@code META-INF/services} (only the tests that add such a
 * file do): it appends the unique id of every test it sees start to the system property {@code
 * fx.seen}, so that a test can tell what the suite's own listeners saw.
 */
public class SeenListener implements TestExecutionListener {

  @Override
  public void executionStarted(TestIdentifier id) {
    if (id.isTest()) {
      System.setProperty("fx.seen", System.getProperty("fx.seen", "") + id.getUniqueId() + "\n");
    }
  }
}
