package example.shop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stock levels per SKU, with reservations for orders being placed. */
public final class Inventory {

  private final Map<Sku, Integer> onHand = new HashMap<>();
  private final Map<Sku, Integer> reserved = new HashMap<>();

  /** Adds {@code quantity} units of {@code sku} to stock. */
  public void restock(Sku sku, int quantity) {
    if (quantity <= 0) {
      throw new IllegalArgumentException("restock quantity must be positive: " + quantity);
    }
    onHand.merge(sku, quantity, Integer::sum);
  }

  /** Units of {@code sku} that can still be reserved. */
  public int available(Sku sku) {
    return onHand.getOrDefault(sku, 0) - reserved.getOrDefault(sku, 0);
  }

  /** Units of {@code sku} on the shelf, reserved or not. */
  public int onHand(Sku sku) {
    return onHand.getOrDefault(sku, 0);
  }

  /**
   * Reserves every line or none: if one line cannot be served, nothing is reserved and an {@link
   * OutOfStockException} names the first line that could not.
   */
  public void reserve(List<OrderLine> lines) {
    Map<Sku, Integer> wanted = new HashMap<>();
    for (OrderLine line : lines) {
      wanted.merge(line.sku(), line.quantity(), Integer::sum);
    }
    for (Map.Entry<Sku, Integer> e : wanted.entrySet()) {
      if (e.getValue() > available(e.getKey())) {
        throw new OutOfStockException(e.getKey(), e.getValue(), available(e.getKey()));
      }
    }
    wanted.forEach((sku, quantity) -> reserved.merge(sku, quantity, Integer::sum));
  }

  /** Gives back a reservation made with {@link #reserve}. */
  public void release(List<OrderLine> lines) {
    for (OrderLine line : lines) {
      reserved.computeIfPresent(
          line.sku(), (sku, q) -> q - line.quantity() > 0 ? q - line.quantity() : null);
    }
  }

  /** Ships a reservation: the units leave the shelf. */
  public void ship(List<OrderLine> lines) {
    release(lines);
    for (OrderLine line : lines) {
      onHand.computeIfPresent(line.sku(), (sku, q) -> q - line.quantity());
    }
  }

  /** A copy of the stock on hand, for persisting. */
  public Map<Sku, Integer> snapshot() {
    return Map.copyOf(onHand);
  }
}
