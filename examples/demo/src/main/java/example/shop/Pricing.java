package example.shop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prices orders: list prices from the catalog, then each rule's discount on the undiscounted
 * subtotal. Discounts never take the total below zero.
 */
public final class Pricing {

  private final Catalog catalog;
  private final List<PriceRule> rules;

  public Pricing(Catalog catalog, List<PriceRule> rules) {
    this.catalog = catalog;
    this.rules = List.copyOf(rules);
  }

  /** The quote for {@code order}. */
  public Quote quote(Order order) {
    Money subtotal = Money.ZERO;
    for (OrderLine line : order.lines()) {
      subtotal = subtotal.plus(catalog.get(line.sku()).price().times(line.quantity()));
    }
    Quote base = Quote.undiscounted(subtotal);
    Map<String, Money> discounts = new LinkedHashMap<>();
    Money total = subtotal;
    for (PriceRule rule : rules) {
      Money off = rule.discount(order, base, catalog);
      if (off.cents() > 0) {
        discounts.put(rule.name(), off);
        total = total.minusAtMostToZero(off);
      }
    }
    return new Quote(subtotal, discounts, total);
  }
}
