package example.shop;

import java.util.Objects;

/**
 * A quantity of one SKU in an order.
 *
 * @param sku what
 * @param quantity how many, at least one
 */
public record OrderLine(Sku sku, int quantity) {

  public OrderLine {
    Objects.requireNonNull(sku, "sku");
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity of " + sku + " must be at least 1: " + quantity);
    }
  }
}
