package example.shop;

/**
 * A placed order.
 *
 * @param order the order
 * @param quote its price
 * @param shipping the shipping cost
 */
public record Receipt(Order order, Quote quote, Money shipping) {

  /** What the customer is charged: the quote's total plus shipping. */
  public Money charged() {
    return quote.total().plus(shipping);
  }
}
