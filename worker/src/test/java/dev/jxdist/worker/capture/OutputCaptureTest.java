package dev.jxdist.worker.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.worker.testing.RecordingOutbox;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {

  private static final Duration NEVER = Duration.ofHours(1);

  private final RecordingOutbox outbox = new RecordingOutbox();

  @Test
  void keepsWhatANodeWritesWithTheNode() {
    Captured captured;
    try (OutputCapture capture = new OutputCapture(outbox, true, NEVER)) {
      capture.install();
      capture.nodeStarted("t1");
      System.out.println("hello");
      System.err.print("oops");
      captured = capture.nodeFinished("t1");
    }
    assertThat(captured).isEqualTo(new Captured("hello" + System.lineSeparator(), "oops"));
    assertThat(outbox.events()).isEmpty();
  }

  @Test
  void sendsOutputOutsideAnyNodeLive() {
    try (OutputCapture capture = new OutputCapture(outbox, true, NEVER)) {
      capture.install();
      System.out.print("before ");
      System.out.print("any test");
      System.err.print("and an error");
      capture.flushLive();
      assertThat(outbox.events())
          .containsExactly(
              new WorkerEvent.Output(false, "before any test", ""),
              new WorkerEvent.Output(true, "and an error", ""));
    }
  }

  @Test
  void withoutCapturingSendsNodeOutputLiveNamingTheNode() {
    Captured captured;
    try (OutputCapture capture = new OutputCapture(outbox, false, NEVER)) {
      capture.install();
      capture.nodeStarted("t1");
      System.out.print("live");
      captured = capture.nodeFinished("t1");
    }
    assertThat(captured).isEqualTo(Captured.NONE);
    assertThat(outbox.events()).containsExactly(new WorkerEvent.Output(false, "live", "t1"));
  }

  @Test
  void attributesWritesToTheInnermostNodeOfTheWritingThread() throws Exception {
    Captured outer;
    Captured inner;
    Captured other;
    try (OutputCapture capture = new OutputCapture(outbox, true, NEVER)) {
      capture.install();
      capture.nodeStarted("class");
      System.out.print("in class ");
      capture.nodeStarted("method");
      System.out.print("in method");
      // A thread that started no node writes to the node started last.
      Thread spawned = new Thread(() -> System.out.print("from a spawned thread"));
      spawned.start();
      spawned.join();
      // A thread running its own node keeps its output apart.
      Thread parallel =
          new Thread(
              () -> {
                capture.nodeStarted("parallel");
                System.out.print("parallel output");
              });
      parallel.start();
      parallel.join();
      System.out.print(" still method");
      inner = capture.nodeFinished("method");
      System.out.print("back in class");
      outer = capture.nodeFinished("class");
      other = capture.nodeFinished("parallel");
    }
    assertThat(inner.stdout()).isEqualTo("in methodfrom a spawned thread still method");
    assertThat(outer.stdout()).isEqualTo("in class back in class");
    assertThat(other.stdout()).isEqualTo("parallel output");
  }

  @Test
  void restoresTheOriginalStreamsAndSendsTheRestOnClose() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    OutputCapture capture = new OutputCapture(outbox, true, NEVER);
    capture.install();
    assertThat(System.out).isNotSameAs(out);
    System.out.print("unsent");
    capture.close();
    capture.close();
    assertThat(System.out).isSameAs(out);
    assertThat(System.err).isSameAs(err);
    assertThat(outbox.events()).containsExactly(new WorkerEvent.Output(false, "unsent", ""));
  }

  @Test
  void flushesLiveOutputByItselfEveryInterval() throws Exception {
    try (OutputCapture capture = new OutputCapture(outbox, true, Duration.ofMillis(20))) {
      capture.install();
      System.out.print("tick");
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (outbox.events().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(outbox.events()).containsExactly(new WorkerEvent.Output(false, "tick", ""));
    }
  }

  @Test
  void holdsBackACharacterCutInHalfUntilItsRestArrives() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    try (OutputCapture capture = new OutputCapture(outbox, true, NEVER)) {
      capture.install();
      System.out.write(euro, 0, 1);
      System.out.flush();
      capture.flushLive();
      assertThat(outbox.events()).isEmpty();
      System.out.write(euro, 1, 2);
      System.out.flush();
      capture.flushLive();
    }
    assertThat(outbox.events()).containsExactly(new WorkerEvent.Output(false, "€", ""));
  }

  @Test
  void boundsWhatItKeepsPerNode() {
    Captured captured;
    byte[] megabyte = new byte[1024 * 1024];
    java.util.Arrays.fill(megabyte, (byte) 'x');
    try (OutputCapture capture = new OutputCapture(outbox, true, NEVER)) {
      capture.install();
      capture.nodeStarted("chatty");
      for (int i = 0; i < 5; i++) {
        System.out.write(megabyte, 0, megabyte.length);
      }
      captured = capture.nodeFinished("chatty");
    }
    assertThat(captured.stdout()).hasSizeGreaterThan(OutputCapture.MAX_CAPTURED_BYTES);
    assertThat(captured.stdout())
        .endsWith("[jxdist: " + (1024 * 1024) + " more bytes of output were dropped]\n");
  }

  @Test
  void ignoresTheEndOfANodeThatNeverStarted() {
    try (OutputCapture capture = new OutputCapture(outbox, true, NEVER)) {
      assertThat(capture.nodeFinished("ghost")).isEqualTo(Captured.NONE);
    }
    assertThat(List.copyOf(outbox.events())).isEmpty();
  }
}
