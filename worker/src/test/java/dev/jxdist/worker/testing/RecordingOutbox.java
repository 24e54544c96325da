package dev.jxdist.worker.testing;

import dev.jxdist.common.wire.WorkerEvent;
import dev.jxdist.worker.connection.Outbox;
import java.util.ArrayList;
import java.util.List;

/** An outbox that keeps every event, in order. */
public final class RecordingOutbox implements Outbox {

  private final List<WorkerEvent> events = new ArrayList<>();

  @Override
  public synchronized void send(WorkerEvent event) {
    events.add(event);
  }

  @Override
  public synchronized boolean offer(WorkerEvent event) {
    events.add(event);
    return true;
  }

  /** A copy of the events so far. */
  public synchronized List<WorkerEvent> events() {
    return new ArrayList<>(events);
  }

  /** The events of one type so far. */
  public synchronized <T extends WorkerEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
