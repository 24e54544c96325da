package example.shop;

import java.util.Locale;

/**
 * A percentage off every line of one category.
 *
 * @param category the category on sale
 * @param percent the percentage off
 */
public record CategoryDiscount(Category category, int percent) implements PriceRule {

  @Override
  public Money discount(Order order, Quote quote, Catalog catalog) {
    Money total = Money.ZERO;
    for (OrderLine line : order.lines()) {
      Product p = catalog.get(line.sku());
      if (p.category() == category) {
        total = total.plus(p.price().times(line.quantity()).percent(percent));
      }
    }
    return total;
  }

  @Override
  public String name() {
    return percent + "% off " + category.name().toLowerCase(Locale.ROOT);
  }
}
