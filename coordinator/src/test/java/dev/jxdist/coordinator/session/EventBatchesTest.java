package dev.jxdist.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventBatchesTest {

  @Test
  void takesWhatIsQueuedInArrivalOrderUpToTheLimit() throws InterruptedException {
    LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
    IntStream.range(0, 7).forEach(queue::add);
    EventBatches<Integer> batches = new EventBatches<>(queue, 3);

    assertThat(batches.next(0)).containsExactly(0, 1, 2);
    assertThat(batches.next(0)).containsExactly(3, 4, 5);
    assertThat(batches.next(0)).containsExactly(6);
    assertThat(queue).isEmpty();
  }

  @Test
  void anEmptyQueueGivesAnEmptyBatchOnceTheWaitIsOver() throws InterruptedException {
    EventBatches<Integer> batches = new EventBatches<>(new LinkedBlockingQueue<>());

    long start = System.nanoTime();
    assertThat(batches.next(50)).isEmpty();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(40_000_000L);
  }

  @Test
  void anEventThatArrivesDuringTheWaitIsTakenAtOnce() throws InterruptedException {
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    EventBatches<String> batches = new EventBatches<>(queue);
    Thread later =
        new Thread(
            () -> {
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                return;
              }
              queue.add("late");
            });
    later.start();

    assertThat(batches.next(10_000)).isEqualTo(List.of("late"));
    later.join();
  }

  @Test
  void aBatchHoldsAtLeastOneEvent() {
    assertThatThrownBy(() -> new EventBatches<>(new LinkedBlockingQueue<>(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one event");
  }
}
