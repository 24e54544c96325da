package dev.jxdist.worker.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.model.Selector;
import dev.jxdist.worker.bridge.api.LaunchOptions;
import dev.jxdist.worker.testing.Suites;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteRuntimeTest {

  private final ClassLoader workerLoader = SuiteRuntimeTest.class.getClassLoader();

  @Test
  void namesAClassPathEntryThatDoesNotExist(@TempDir Path dir) {
    Path missing = dir.resolve("nope/classes");
    List<String> classpath = new ArrayList<>(Suites.classpath(Suites.Line.JUNIT6));
    classpath.add(missing.toString());
    assertThatThrownBy(() -> SuiteRuntime.open(classpath, workerLoader))
        .isInstanceOf(SuiteSetupException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void saysSoWhenTheSuiteHasNoLauncher() {
    List<String> classpath = new ArrayList<>();
    for (Path jar : Suites.jars(Suites.Line.JUNIT6)) {
      if (!jar.getFileName().toString().startsWith("junit-platform-launcher")) {
        classpath.add(jar.toString());
      }
    }
    assertThatThrownBy(() -> SuiteRuntime.open(classpath, workerLoader))
        .isInstanceOf(SuiteSetupException.class)
        .hasMessageContaining("no junit-platform-launcher");
  }

  @Test
  void explainsADiscoveryWithoutAnyEngine() throws Exception {
    List<String> classpath = new ArrayList<>();
    for (Path jar : Suites.jars(Suites.Line.JUNIT6)) {
      if (!jar.getFileName().toString().startsWith("junit-jupiter-engine")) {
        classpath.add(jar.toString());
      }
    }
    try (SuiteRuntime suite = SuiteRuntime.open(classpath, workerLoader)) {
      assertThatThrownBy(
              () ->
                  suite.discover(
                      List.of(new Selector(Selector.Kind.CLASS, "fx.BasicsTest")),
                      LaunchOptions.none()))
          .isInstanceOf(SuiteSetupException.class)
          .hasMessageContaining("discovering the suite's tests failed")
          .hasMessageContaining("test engine");
    }
  }

  @Test
  void closingTwiceIsFineAndUseAfterCloseFailsClearly() throws Exception {
    SuiteRuntime suite = SuiteRuntime.open(Suites.classpath(Suites.Line.JUNIT6), workerLoader);
    suite.close();
    suite.close();
    assertThatThrownBy(() -> suite.discover(List.of(), LaunchOptions.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(suite.classLoader()).isInstanceOf(SuiteClassLoader.class);
  }
}
