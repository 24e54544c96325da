package example.shop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The price of an order: the subtotal, each discount that applied, and what is left to pay.
 *
 * @param subtotal the sum of the lines at list price
 * @param discounts the discounts that applied, by rule name, in the order they applied
 * @param total what the customer pays, never below zero
 */
public record Quote(Money subtotal, Map<String, Money> discounts, Money total) {

  public Quote {
    discounts = Collections.unmodifiableMap(new LinkedHashMap<>(discounts));
  }

  /** A quote before any discount. */
  static Quote undiscounted(Money subtotal) {
    return new Quote(subtotal, Map.of(), subtotal);
  }
}
