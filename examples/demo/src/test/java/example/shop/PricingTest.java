package example.shop;

import static example.shop.SampleShop.GREEN_TEA;
import static example.shop.SampleShop.MUG;
import static example.shop.SampleShop.TEA_BOOK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingTest {

  private final Pricing pricing = SampleShop.pricing();

  @Test
  void sumsLinesAtListPrice() {
    Quote quote = pricing.quote(Order.of("o1", new OrderLine(GREEN_TEA, 2), new OrderLine(MUG, 1)));
    assertEquals(Money.of(17, 0), quote.subtotal());
    assertEquals(quote.subtotal(), quote.total());
    assertTrue(quote.discounts().isEmpty());
  }

  @ParameterizedTest(name = "{0} x green tea costs {1}")
  @CsvSource({"1, 4.50", "9, 40.50", "10, 40.50", "20, 81.00"})
  void bulkDiscountStartsAtTen(int quantity, String expected) {
    Quote quote = pricing.quote(Order.of("o2", new OrderLine(GREEN_TEA, quantity)));
    assertEquals(expected, quote.total().toString());
  }

  @Test
  void booksAreAQuarterOff() {
    Quote quote = pricing.quote(Order.of("o3", new OrderLine(TEA_BOOK, 1)));
    assertEquals(Money.of(15, 0), quote.total());
    assertEquals(List.of("25% off books"), List.copyOf(quote.discounts().keySet()));
  }

  @Test
  void discountsStackInRuleOrder() {
    Order order =
        Order.of("o4", new OrderLine(GREEN_TEA, 10), new OrderLine(TEA_BOOK, 1))
            .withCoupon("welcome5");
    Quote quote = pricing.quote(order);
    assertEquals(
        List.of("10% off 10+", "25% off books", "coupon WELCOME5"),
        List.copyOf(quote.discounts().keySet()));
    assertEquals(Money.of(50, 50), quote.total());
  }
}
