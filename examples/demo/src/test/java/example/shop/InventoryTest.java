package example.shop;

import static example.shop.SampleShop.ESPRESSO;
import static example.shop.SampleShop.MUG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryTest {

  private final Inventory inventory = SampleShop.stocked();

  @Test
  void restockAddsUp() {
    inventory.restock(MUG, 3);
    assertEquals(8, inventory.available(MUG));
  }

  @Test
  void reservingLowersAvailabilityNotStock() {
    inventory.reserve(List.of(new OrderLine(MUG, 2)));
    assertEquals(3, inventory.available(MUG));
    assertEquals(5, inventory.onHand(MUG));
  }

  @Test
  void reservesAllLinesOrNone() {
    List<OrderLine> lines = List.of(new OrderLine(ESPRESSO, 2), new OrderLine(MUG, 6));
    OutOfStockException e = assertThrows(OutOfStockException.class, () -> inventory.reserve(lines));
    assertEquals(MUG, e.sku());
    assertEquals(10, inventory.available(ESPRESSO));
  }

  @Test
  void countsRepeatedLinesTogether() {
    List<OrderLine> lines = List.of(new OrderLine(MUG, 3), new OrderLine(MUG, 3));
    assertThrows(OutOfStockException.class, () -> inventory.reserve(lines));
  }

  @Test
  void releaseGivesStockBack() {
    List<OrderLine> lines = List.of(new OrderLine(ESPRESSO, 4));
    inventory.reserve(lines);
    inventory.release(lines);
    assertEquals(10, inventory.available(ESPRESSO));
  }

  @Test
  void shippingTakesUnitsOffTheShelf() {
    List<OrderLine> lines = List.of(new OrderLine(ESPRESSO, 4));
    inventory.reserve(lines);
    inventory.ship(lines);
    assertEquals(6, inventory.onHand(ESPRESSO));
    assertEquals(6, inventory.available(ESPRESSO));
  }

  @Test
  void refusesEmptyRestocks() {
    assertThrows(IllegalArgumentException.class, () -> inventory.restock(MUG, 0));
  }
}
