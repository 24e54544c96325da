package dev.jxdist.worker.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomOrderSeedTest {

  @TempDir Path dir;

  private URLClassLoader suiteWith(String properties) throws IOException {
    Path classes = Files.createTempDirectory(dir, "classes");
    if (properties != null) {
      Files.writeString(classes.resolve("junit-platform.properties"), properties);
    }
    return new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
  }

  @Test
  void aSuiteThatSetsNoSeedGetsTheRunsSameForEveryWorker() throws IOException {
    try (URLClassLoader suite = suiteWith(null)) {
      Map<String, String> given = Map.of("junit.x", "y");

      Map<String, String> first = RandomOrderSeed.withRunSeed(given, suite, "00a1b2c3d4e5");
      Map<String, String> second = RandomOrderSeed.withRunSeed(given, suite, "00a1b2c3d4e5");

      assertThat(first)
          .containsEntry("junit.x", "y")
          .containsEntry(RandomOrderSeed.KEY, "694488913125");
      assertThat(second).isEqualTo(first);
      assertThat(RandomOrderSeed.withRunSeed(given, suite, "ffffffffffff"))
          .containsEntry(RandomOrderSeed.KEY, Long.toString(0xffffffffffffL));
      assertThat(RandomOrderSeed.withRunSeed(given, suite, "")).isEqualTo(given);
    }
  }

  @Test
  void aSeedTheSuiteSetsAnywhereIsKept() throws IOException {
    try (URLClassLoader none = suiteWith(null)) {
      Map<String, String> given = Map.of(RandomOrderSeed.KEY, "42");
      assertThat(RandomOrderSeed.withRunSeed(given, none, "00a1b2c3d4e5")).isEqualTo(given);
    }
    try (URLClassLoader file = suiteWith(RandomOrderSeed.KEY + " = 7\n")) {
      assertThat(RandomOrderSeed.withRunSeed(Map.of(), file, "00a1b2c3d4e5")).isEmpty();
    }
    String before = System.setProperty(RandomOrderSeed.KEY, "9");
    try (URLClassLoader none = suiteWith(null)) {
      assertThat(RandomOrderSeed.withRunSeed(Map.of(), none, "00a1b2c3d4e5")).isEmpty();
    } finally {
      if (before == null) {
        System.clearProperty(RandomOrderSeed.KEY);
      } else {
        System.setProperty(RandomOrderSeed.KEY, before);
      }
    }
  }
}
