package dev.jxdist.worker.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.model.TestNode;
import dev.jxdist.worker.bridge.api.ExecutionBridge;
import dev.jxdist.worker.testing.Suites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SuiteClassLoaderTest {

  private final ClassLoader workerLoader = SuiteClassLoaderTest.class.getClassLoader();
  private SuiteClassLoader loader;

  @BeforeEach
  void open() {
    List<Path> classpath = new ArrayList<>(Suites.jars(Suites.Line.JUNIT6));
    classpath.add(Suites.classes(Suites.Line.JUNIT6));
    loader = new SuiteClassLoader(classpath, workerLoader);
  }

  @AfterEach
  void close() throws Exception {
    loader.close();
  }

  @Test
  void sharesTheBridgeApiAndModelWithTheWorker() throws Exception {
    assertThat(loader.loadClass(ExecutionBridge.class.getName())).isSameAs(ExecutionBridge.class);
    assertThat(loader.loadClass(TestNode.class.getName())).isSameAs(TestNode.class);
    assertThat(loader.loadClass("dev.jxdist.common.model.Selector$Kind").getClassLoader())
        .isSameAs(workerLoader);
  }

  @Test
  void hidesEverythingElseOfTheWorker() {
    for (String name :
        List.of(
            "io.grpc.ManagedChannel",
            "com.google.protobuf.Message",
            "dev.jxdist.common.wire.ProtoMapper",
            "dev.jxdist.worker.WorkerDaemon",
            "dev.jxdist.worker.suite.SuiteRuntime",
            "dev.jxdist.common.model.sub.Nothing",
            "org.assertj.core.api.Assertions")) {
      assertThatThrownBy(() -> loader.loadClass(name))
          .as(name)
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void definesTheBridgeItselfLinkedToTheSuitesLauncher() throws Exception {
    Class<?> bridge = loader.loadClass(ExecutionBridge.JUNIT_PLATFORM_IMPLEMENTATION);
    assertThat(bridge.getClassLoader()).isSameAs(loader);
    assertThat(ExecutionBridge.class.isAssignableFrom(bridge)).isTrue();
    Class<?> launcher = bridge.getDeclaredMethod("launcher").getReturnType();
    assertThat(launcher.getName()).isEqualTo("org.junit.platform.launcher.Launcher");
    assertThat(launcher.getClassLoader()).isSameAs(loader);
    assertThat(launcher.getProtectionDomain().getCodeSource().getLocation().toString())
        .contains("junit-platform-launcher-6.");
    // Loaded twice, defined once.
    assertThat(loader.loadClass(ExecutionBridge.JUNIT_PLATFORM_IMPLEMENTATION)).isSameAs(bridge);
  }

  @Test
  void loadsTheSuiteFromItsOwnClassPathOverThePlatformLoader() throws Exception {
    Class<?> fixture = loader.loadClass("fx.BasicsTest");
    assertThat(fixture.getClassLoader()).isSameAs(loader);
    assertThat(loader.getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
    assertThat(loader.loadClass("java.sql.Connection").getClassLoader())
        .isSameAs(ClassLoader.getPlatformClassLoader());
  }

  @Test
  void reportsABridgeClassTheWorkerDoesNotHave() {
    assertThatThrownBy(() -> loader.loadClass("dev.jxdist.worker.bridge.junit.Missing"))
        .isInstanceOf(ClassNotFoundException.class)
        .hasMessageContaining("Missing");
  }
}
