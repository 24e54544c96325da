package example.shop;

import static example.shop.SampleShop.GREEN_TEA;
import static example.shop.SampleShop.MUG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderTest {

  @Test
  void countsUnitsOverAllLines() {
    assertEquals(5, Order.of("o1", new OrderLine(GREEN_TEA, 2), new OrderLine(MUG, 3)).units());
  }

  @Test
  void needsAtLeastOneLine() {
    assertThrows(IllegalArgumentException.class, () -> Order.of("o2"));
  }

  @Test
  void linesNeedAPositiveQuantity() {
    assertThrows(IllegalArgumentException.class, () -> new OrderLine(MUG, 0));
  }

  @Test
  void keepsItsOwnCopyOfTheLines() {
    List<OrderLine> lines = new ArrayList<>(List.of(new OrderLine(MUG, 1)));
    Order order = new Order("o3", lines, Optional.empty());
    lines.add(new OrderLine(GREEN_TEA, 1));
    assertEquals(1, order.lines().size());
  }

  @Test
  void stripsCouponCodes() {
    Order order = Order.of("o4", new OrderLine(MUG, 1)).withCoupon(" SPRING ");
    assertEquals(Optional.of("SPRING"), order.coupon());
  }
}
