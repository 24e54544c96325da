package dev.jxdist.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.wire.WorkerBootstrap;
import dev.jxdist.worker.testing.FakeCoordinator;
import dev.jxdist.worker.testing.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The module's artifact: the shaded, relocated, executable worker jar. */
class ShadedWorkerJarIT {

  private final Path jar = Path.of(System.getProperty("jxdist.worker.jar"));

  @Test
  void bundlesEverythingUnderJxdistPackagesOnly() throws Exception {
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(WorkerDaemon.class.getName());
      List<String> names = new ArrayList<>();
      for (JarEntry e : Collections.list(file.entries())) {
        names.add(e.getName());
      }
      assertThat(names)
          .filteredOn(n -> n.endsWith(".class"))
          .isNotEmpty()
          .allMatch(n -> n.startsWith("dev/jxdist/"), "every class under dev/jxdist/");
      assertThat(names)
          .contains(
              "dev/jxdist/shaded/io/grpc/ManagedChannel.class",
              "dev/jxdist/shaded/com/google/protobuf/Message.class",
              "dev/jxdist/worker/bridge/junit/JUnitPlatformBridge.class")
          .noneMatch(n -> n.startsWith("org/junit/"))
          .noneMatch(n -> n.startsWith("META-INF/native/"))
          .noneMatch(n -> n.endsWith("module-info.class"))
          .noneMatch(n -> n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA"));

      List<String> services =
          names.stream()
              .filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/"))
              .toList();
      assertThat(services)
          .isNotEmpty()
          .allMatch(
              n -> n.startsWith("META-INF/services/dev.jxdist.shaded."), "relocated services");
      for (String service : services) {
        String providers =
            new String(
                file.getInputStream(file.getEntry(service)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(providers.lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
            .as(service)
            .allMatch(l -> l.strip().startsWith("dev.jxdist.shaded."));
      }
    }
  }

  @Test
  void runsAWholeConversationAsJavaDashJar() throws Exception {
    try (FakeCoordinator coordinator = FakeCoordinator.start();
        WorkerProcess worker =
            WorkerProcess.start(
                WorkerProcess.fromJar(),
                new WorkerBootstrap(
                    coordinator.address(), "w1", "s3cret", FakeCoordinator.TRUST, true),
                Map.of(),
                "shaded-jar")) {
      WorkerDaemonProcessTest.Conversation.run(coordinator, worker);
      assertThat(worker.log()).doesNotContain("Exception");
    }
  }
}
