package fx;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The suite sees none of the worker's classes. */
class IsolationTest {

  @Test
  void workerClassesAreInvisible() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.grpc.ManagedChannel"));
    assertThrows(
        ClassNotFoundException.class, () -> Class.forName("dev.jxdist.worker.WorkerDaemon"));
    assertThrows(
        ClassNotFoundException.class, () -> Class.forName("dev.jxdist.common.wire.ProtoMapper"));
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("dev.jxdist.shaded.com.google.protobuf.Message"));
  }

  @Test
  void contextClassLoaderIsTheSuites() {
    assertSame(getClass().getClassLoader(), Thread.currentThread().getContextClassLoader());
  }
}
