package example.shop;

/** Stands in for slow I/O (a remote carrier, a network disk) in the slower tests. */
final class SimulatedIo {

  private SimulatedIo() {}

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during simulated I/O", e);
    }
  }
}
