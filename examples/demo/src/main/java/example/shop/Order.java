package example.shop;

import java.util.List;
import java.util.Optional;

/**
 * What a customer asks for.
 *
 * @param id the order id
 * @param lines the lines, at least one
 * @param coupon a coupon code, if the customer gave one
 */
public record Order(String id, List<OrderLine> lines, Optional<String> coupon) {

  public Order {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an order needs an id");
    }
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("order " + id + " has no lines");
    }
    coupon = coupon.map(String::strip).filter(c -> !c.isEmpty());
  }

  /** An order without a coupon. */
  public static Order of(String id, OrderLine... lines) {
    return new Order(id, List.of(lines), Optional.empty());
  }

  /** This order with {@code code} as its coupon. */
  public Order withCoupon(String code) {
    return new Order(id, lines, Optional.of(code));
  }

  /** Units over all lines. */
  public int units() {
    return lines.stream().mapToInt(OrderLine::quantity).sum();
  }
}
