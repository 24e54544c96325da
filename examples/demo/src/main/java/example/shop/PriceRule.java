package example.shop;

/** One discount rule: given an order and its priced lines, how much to take off. */
public interface PriceRule {

  /** The discount this rule grants on {@code quote} (zero if it does not apply). */
  Money discount(Order order, Quote quote, Catalog catalog);

  /** A short name for receipts. */
  String name();
}
