package example.shop;

import static example.shop.SampleShop.ESPRESSO;
import static example.shop.SampleShop.GREEN_TEA;
import static example.shop.SampleShop.MUG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderServiceTest {

  private Inventory inventory;
  private OrderService service;

  @BeforeEach
  void openShop() {
    inventory = SampleShop.stocked();
    service = new OrderService(inventory, SampleShop.pricing(), SampleShop.flatCarrier());
  }

  @Test
  void chargesThePriceAndShipping() {
    Receipt receipt = service.place(Order.of("s1", new OrderLine(MUG, 2)), "10115");
    assertEquals(Money.of(16, 0), receipt.quote().total());
    assertEquals(Money.of(4, 0), receipt.shipping());
    assertEquals(Money.of(20, 0), receipt.charged());
  }

  @Test
  void shipsTheUnits() {
    service.place(Order.of("s2", new OrderLine(ESPRESSO, 3)), "10115");
    assertEquals(7, inventory.onHand(ESPRESSO));
  }

  @Test
  void refusesOrdersBeyondStock() {
    Order tooMany = Order.of("s3", new OrderLine(MUG, 6));
    assertThrows(OutOfStockException.class, () -> service.place(tooMany, "10115"));
    assertEquals(5, inventory.onHand(MUG));
    assertEquals(0, service.placed().size());
  }

  @Test
  void releasesStockWhenPricingFails() {
    Order unknown = Order.of("s4", new OrderLine(new Sku("XYZ-0001"), 1));
    inventory.restock(new Sku("XYZ-0001"), 1);
    assertThrows(IllegalArgumentException.class, () -> service.place(unknown, "10115"));
    assertEquals(1, inventory.available(new Sku("XYZ-0001")));
  }

  @Test
  void remembersPlacedOrdersInOrder() {
    service.place(Order.of("s5", new OrderLine(GREEN_TEA, 1)), "10115");
    service.place(Order.of("s6", new OrderLine(MUG, 1)), "80331");
    assertEquals(
        java.util.List.of("s5", "s6"), service.placed().stream().map(r -> r.order().id()).toList());
  }
}
