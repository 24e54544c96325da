package dev.jxdist.worker.bridge.junit;

import org.junit.jupiter.api.Test;

/**
 * A JUnit Jupiter test that does nothing, run by {@link JUnitPlatformBridge#warmUp()} in the
 * suite's own Jupiter engine while the worker waits for its first unit: the first launcher call of
 * a JVM loads and interprets the engine's whole execution path (hundreds of classes), and six
 * workers starting on two cores did that in their first unit, up to 0.6 s apart. Defined by the
 * suite's class loader like the rest of the bridge, so the annotation is the suite's own; it is in
 * no directory any suite scans.
 */
final class LauncherWarmUp {

  @Test
  void nothing() {}
}
