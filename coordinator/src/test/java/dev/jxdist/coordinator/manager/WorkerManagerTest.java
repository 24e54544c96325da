package dev.jxdist.coordinator.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.wire.CoordinatorTrust;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.testing.TestTls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The manager sees its provisioners only as {@link Provisioner}s: fakes stand in for them. */
class WorkerManagerTest {

  static final SuiteSpec SUITE =
      new SuiteSpec(
          "s",
          "s",
          List.of(Path.of("/x.jar")),
          List.of(),
          Path.of("/"),
          List.of(),
          Map.of(),
          Map.of(),
          SuiteFilters.SUREFIRE_DEFAULTS,
          Map.of(),
          Path.of("/reports"),
          Optional.empty());

  final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

  final WorkerExitListener onExit =
      new WorkerExitListener() {
        @Override
        public void exited(String workerId, int exitCode) {}

        @Override
        public void failedToStart(String workerId, String reason) {}
      };

  final RunContact contact =
      new RunContact(
          "127.0.0.1:4000",
          4000,
          RunToken.of("t"),
          CoordinatorTrust.pinned(TestTls.IDENTITY.pin()),
          5,
          WorkerJit.TIERED);

  @Test
  void eachWorkerGoesWhereTheFewestPlacesAreTakenTheFirstAmongEquals() {
    FakeProvisioner local = new FakeProvisioner("localhost", 1);
    FakeProvisioner host = new FakeProvisioner("h1", 2);
    FakeProvisioner none = new FakeProvisioner("h2", 0);
    WorkerManager manager =
        new WorkerManager(List.of(local, none, host), contact, onExit, events::add);

    manager.start("w1", "w1", SUITE);
    manager.start("w2", "w2", SUITE);
    manager.start("w3", "w3", SUITE);

    assertThat(manager.capacity()).isEqualTo(3);
    assertThat(local.started).containsExactly("w1");
    assertThat(host.started).containsExactly("w2", "w3");
    assertThat(none.started).isEmpty();
    assertThat(manager.provisionerOf("w2")).containsSame(host);
    // Every provisioner is told the same way back to the coordinator.
    assertThat(host.requests).extracting(WorkerRequest::contact).containsOnly(contact);
    assertThat(host.requests).extracting(WorkerRequest::onExit).containsOnly(onExit);
  }

  @Test
  void aReplacementCanBeStartedWhereItsPredecessorRanInItsSlot() {
    FakeProvisioner local = new FakeProvisioner("localhost", 1);
    FakeProvisioner host = new FakeProvisioner("h1", 1);
    WorkerManager manager = new WorkerManager(List.of(local, host), contact, onExit, events::add);
    manager.start("w1", "w1", SUITE);
    manager.start("w2", "w2", SUITE);

    manager.startOn(manager.provisionerOf("w2").orElseThrow(), "w3", "w2", SUITE);

    assertThat(host.requests).extracting(WorkerRequest::workerId).containsExactly("w2", "w3");
    assertThat(host.requests).extracting(WorkerRequest::slot).containsExactly("w2", "w2");
  }

  @Test
  void closingLetsEveryWorkerGoBeforeWaitingForAnyThenClosesTheProvisioners() {
    FakeProvisioner local = new FakeProvisioner("localhost", 1);
    FakeProvisioner host = new FakeProvisioner("h1", 1);
    WorkerManager manager = new WorkerManager(List.of(local, host), contact, onExit, events::add);
    manager.start("w1", "w1", SUITE);
    manager.start("w2", "w2", SUITE);

    manager.close();
    manager.close();

    // Every worker is let go first; then the provisioners close side by side, each after its own.
    assertThat(events.subList(0, 2)).containsExactly("let go w1", "let go w2");
    assertThat(events.subList(2, 6))
        .containsExactlyInAnyOrder("close w1", "close w2", "close localhost", "close h1");
    assertThat(events.indexOf("close w1")).isLessThan(events.indexOf("close localhost"));
    assertThat(events.indexOf("close w2")).isLessThan(events.indexOf("close h1"));
    assertThatThrownBy(() -> manager.start("w3", "w1", SUITE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aReplacementGoesWhereItsPredecessorRanUnlessThatPlaceWasDroppedThenWhereAPlaceIsFree() {
    FakeProvisioner local = new FakeProvisioner("localhost", 1);
    FakeProvisioner h1 = new FakeProvisioner("h1", 2);
    FakeProvisioner h2 = new FakeProvisioner("h2", 2);
    WorkerManager manager = new WorkerManager(List.of(local, h1, h2), contact, onExit, events::add);
    for (int i = 1; i <= 5; i++) {
      manager.start("w" + i, "w" + i, SUITE);
    }
    assertThat(h1.started).containsExactly("w2", "w4");

    manager.ended("w2");
    assertThat(manager.replace("w2", "w6", "w2", SUITE)).isPresent();
    assertThat(h1.started).containsExactly("w2", "w4", "w6");
    assertThat(h1.requests.get(2).slot()).isEqualTo("w2");

    // h1 is dropped: a replacement of its worker goes where a place is free, and there is none.
    assertThat(manager.drop("w4")).contains("h1");
    assertThat(manager.drop("w6")).isEmpty();
    manager.ended("w4");
    assertThat(manager.replace("w4", "w7", "w4", SUITE)).isEmpty();
    // A place frees on h2: the next replacement goes there, and nothing goes to h1 again.
    manager.ended("w3");
    assertThat(manager.replace("w4", "w8", "w4", SUITE)).isPresent();
    assertThat(h2.started).containsExactly("w3", "w5", "w8");
    manager.ended("w6");
    manager.start("w9", "w2", SUITE);
    assertThat(h1.started).containsExactly("w2", "w4", "w6");
  }

  @Test
  void aProvisionerWhoseCleanUpHangsIsNamedAndLeftBehind() {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    FakeProvisioner local = new FakeProvisioner("localhost", 1);
    FakeProvisioner cut =
        new FakeProvisioner("cut", 1) {
          @Override
          public void close() {
            try {
              never.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    WorkerManager manager = new WorkerManager(List.of(local, cut), contact, onExit, events::add);
    manager.start("w1", "w1", SUITE);
    manager.start("w2", "w2", SUITE);
    manager.drop("w2");

    long start = System.nanoTime();
    manager.close();
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(millis).isLessThan(WorkerManager.CLOSE_TIMEOUT.toMillis());
    assertThat(events).contains("close localhost");
    assertThat(events)
        .anyMatch(e -> e.startsWith("cut (dropped): its clean-up did not finish within"));
    never.countDown();
  }

  @Test
  void withoutPlacesNothingStarts() {
    WorkerManager manager =
        new WorkerManager(
            List.of(new FakeProvisioner("localhost", 0)), contact, onExit, events::add);

    assertThatThrownBy(() -> manager.start("w1", "w1", SUITE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no host is left to start w1");
  }

  class FakeProvisioner implements Provisioner {
    final String name;
    final int capacity;
    final List<String> started = new ArrayList<>();
    final List<WorkerRequest> requests = new ArrayList<>();
    final List<FakeWorker> workers = new ArrayList<>();

    FakeProvisioner(String name, int capacity) {
      this.name = name;
      this.capacity = capacity;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int capacity() {
      return capacity;
    }

    @Override
    public long running() {
      return workers.stream().filter(FakeWorker::isAlive).count();
    }

    @Override
    public WorkerProcess start(WorkerRequest request) {
      requests.add(request);
      started.add(request.workerId());
      FakeWorker w = new FakeWorker(request.workerId(), name);
      workers.add(w);
      return w;
    }

    @Override
    public List<FakeWorker> workers() {
      return workers;
    }

    @Override
    public void close() {
      events.add("close " + name);
    }
  }

  final class FakeWorker implements WorkerProcess {
    final String id;
    final String host;
    boolean alive = true;

    FakeWorker(String id, String host) {
      this.id = id;
      this.host = host;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String host() {
      return host;
    }

    @Override
    public long pid() {
      return 1;
    }

    @Override
    public String commandLine() {
      return "java";
    }

    @Override
    public OptionalInt exitCode(long waitMillis) {
      return OptionalInt.empty();
    }

    @Override
    public boolean isAlive() {
      return alive;
    }

    @Override
    public List<String> logTail(int lines) {
      return List.of();
    }

    @Override
    public void kill() {
      alive = false;
    }

    @Override
    public void letGo() {
      events.add("let go " + id);
    }

    @Override
    public void close() {
      alive = false;
      events.add("close " + id);
    }
  }
}
