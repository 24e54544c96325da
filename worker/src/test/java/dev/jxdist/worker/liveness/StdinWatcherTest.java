package dev.jxdist.worker.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StdinWatcherTest {

  @Test
  void reportsTheEndOfInputButNotInputItself() throws Exception {
    PipedOutputStream parent = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(parent);
    CountDownLatch ended = new CountDownLatch(1);
    StdinWatcher watcher = new StdinWatcher(stdin, ended::countDown).start();
    try {
      parent.write("still here\n".getBytes(StandardCharsets.UTF_8));
      parent.flush();
      assertThat(ended.await(200, TimeUnit.MILLISECONDS)).isFalse();
      parent.close();
      assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      watcher.close();
    }
  }
}
