package dev.jxdist.coordinator.machine;

/**
 * An agent's worker slots, shared by the runs it serves: each run holds the slots it was granted
 * until it ends. A draining agent grants none.
 */
final class Slots {

  private final int total;
  private int held;
  private boolean draining;

  Slots(int total) {
    if (total < 1) {
      throw new IllegalArgumentException("at least 1 slot, got " + total);
    }
    this.total = total;
  }

  /**
   * Grants up to {@code wanted} free slots ({@code 0}: every free one); 0 when none is free or the
   * agent drains.
   */
  synchronized int reserve(int wanted) {
    if (wanted < 0) {
      throw new IllegalArgumentException("cannot want " + wanted + " slots");
    }
    if (draining) {
      return 0;
    }
    int free = total - held;
    int granted = wanted == 0 ? free : Math.min(wanted, free);
    held += granted;
    return granted;
  }

  /** Gives back {@code n} slots a run held. */
  synchronized void release(int n) {
    if (n < 0 || n > held) {
      throw new IllegalStateException("cannot release " + n + " of " + held + " held slots");
    }
    held -= n;
  }

  /** From now on no slot is granted. */
  synchronized void drain() {
    draining = true;
  }

  synchronized boolean draining() {
    return draining;
  }

  synchronized int free() {
    return total - held;
  }

  int total() {
    return total;
  }
}
