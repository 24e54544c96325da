package dev.jxdist.coordinator.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.SuiteFilters;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.testing.TestTls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
          Path.of("/reports"));

  final List<String> events = new ArrayList<>();

  final WorkerExitListener onExit =
      new WorkerExitListener() {
        @Override
        public void exited(String workerId, int exitCode) {}

        @Override
        public void failedToStart(String workerId, String reason) {}
      };

  final RunContact contact =
      new RunContact("127.0.0.1:4000", 4000, RunToken.of("t"), TestTls.IDENTITY.pin(), 5);

  @Test
  void eachWorkerGoesWhereTheFewestPlacesAreTakenTheFirstAmongEquals() {
    FakeProvisioner local = new FakeProvisioner("localhost", 1);
    FakeProvisioner host = new FakeProvisioner("h1", 2);
    FakeProvisioner none = new FakeProvisioner("h2", 0);
    WorkerManager manager = new WorkerManager(List.of(local, none, host), contact, onExit);

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
    WorkerManager manager = new WorkerManager(List.of(local, host), contact, onExit);
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
    WorkerManager manager = new WorkerManager(List.of(local, host), contact, onExit);
    manager.start("w1", "w1", SUITE);
    manager.start("w2", "w2", SUITE);

    manager.close();
    manager.close();

    assertThat(events)
        .containsExactly(
            "let go w1", "let go w2", "close w1", "close w2", "close localhost", "close h1");
    assertThatThrownBy(() -> manager.start("w3", "w1", SUITE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void withoutPlacesNothingStarts() {
    WorkerManager manager =
        new WorkerManager(List.of(new FakeProvisioner("localhost", 0)), contact, onExit);

    assertThatThrownBy(() -> manager.start("w1", "w1", SUITE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no host is left to start w1");
  }

  final class FakeProvisioner implements Provisioner {
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
