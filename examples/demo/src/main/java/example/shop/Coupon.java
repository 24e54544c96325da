package example.shop;

import java.util.Locale;

/**
 * A fixed amount off orders that give the code and reach a minimum subtotal. Codes compare
 * case-insensitively.
 *
 * @param code the code customers type
 * @param amount the amount off
 * @param minimumSubtotal the subtotal an order needs for the coupon to apply
 */
public record Coupon(String code, Money amount, Money minimumSubtotal) implements PriceRule {

  @Override
  public Money discount(Order order, Quote quote, Catalog catalog) {
    boolean given = order.coupon().map(c -> c.equalsIgnoreCase(code)).orElse(false);
    if (!given || quote.subtotal().compareTo(minimumSubtotal) < 0) {
      return Money.ZERO;
    }
    return amount;
  }

  @Override
  public String name() {
    return "coupon " + code.toUpperCase(Locale.ROOT);
  }
}
