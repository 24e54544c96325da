package example.shop;

import static example.shop.SampleShop.ESPRESSO;
import static example.shop.SampleShop.GREEN_TEA;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CouponTest {

  private final Catalog catalog = SampleShop.catalog();
  private final Coupon welcome = new Coupon("WELCOME5", Money.of(5, 0), Money.of(30, 0));

  private Money discountOn(Order order) {
    Quote quote = new Pricing(catalog, List.of()).quote(order);
    return welcome.discount(order, quote, catalog);
  }

  private static Order espresso(int quantity) {
    return Order.of("c1", new OrderLine(ESPRESSO, quantity));
  }

  @Test
  void appliesWhenGivenAndAboveTheMinimum() {
    assertEquals(Money.of(5, 0), discountOn(espresso(3).withCoupon("WELCOME5")));
  }

  @Test
  void codesAreCaseInsensitive() {
    assertEquals(Money.of(5, 0), discountOn(espresso(3).withCoupon("Welcome5")));
  }

  @Test
  void doesNotApplyBelowTheMinimum() {
    Order small = Order.of("c3", new OrderLine(GREEN_TEA, 1)).withCoupon("WELCOME5");
    assertEquals(Money.ZERO, discountOn(small));
  }

  @Test
  void doesNotApplyWithoutTheCode() {
    assertEquals(Money.ZERO, discountOn(espresso(3)));
    assertEquals(Money.ZERO, discountOn(espresso(3).withCoupon("  ")));
  }
}
