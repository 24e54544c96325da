package example.shop;

/**
 * A percentage off a line once its quantity reaches a threshold.
 *
 * @param minQuantity the quantity from which the discount applies
 * @param percent the percentage off the line
 */
public record BulkDiscount(int minQuantity, int percent) implements PriceRule {

  @Override
  public Money discount(Order order, Quote quote, Catalog catalog) {
    Money total = Money.ZERO;
    for (OrderLine line : order.lines()) {
      if (line.quantity() >= minQuantity) {
        total = total.plus(catalog.get(line.sku()).price().times(line.quantity()).percent(percent));
      }
    }
    return total;
  }

  @Override
  public String name() {
    return percent + "% off " + minQuantity + "+";
  }
}
