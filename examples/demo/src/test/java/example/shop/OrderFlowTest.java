package example.shop;

import static example.shop.SampleShop.EARL_GREY;
import static example.shop.SampleShop.GREEN_TEA;
import static example.shop.SampleShop.MUG;
import static example.shop.SampleShop.TEA_BOOK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A day at the shop end to end: remote carrier (250 ms a quote), stock saved to disk. */
class OrderFlowTest {

  private static final long CARRIER_MILLIS = 250;

  @TempDir Path dir;
  private Inventory inventory;
  private OrderService service;

  @BeforeEach
  void openShop() {
    inventory = SampleShop.stocked();
    service =
        new OrderService(inventory, SampleShop.pricing(), SampleShop.remoteCarrier(CARRIER_MILLIS));
  }

  @Test
  void aMorningOfOrders() {
    service.place(Order.of("d1", new OrderLine(GREEN_TEA, 2), new OrderLine(MUG, 1)), "10115");
    service.place(Order.of("d2", new OrderLine(EARL_GREY, 12)), "20095");
    assertEquals(2, service.placed().size());
    assertEquals(48, inventory.onHand(GREEN_TEA));
    assertEquals(18, inventory.onHand(EARL_GREY));
  }

  @Test
  void theLastBooksSellOut() {
    service.place(Order.of("d3", new OrderLine(TEA_BOOK, 1)), "10115");
    service.place(Order.of("d4", new OrderLine(TEA_BOOK, 1)), "50667");
    Order late = Order.of("d5", new OrderLine(TEA_BOOK, 1));
    assertThrows(OutOfStockException.class, () -> service.place(late, "80331"));
    assertEquals(0, inventory.onHand(TEA_BOOK));
  }

  @Test
  void closingSavesTheStock() throws IOException {
    service.place(Order.of("d6", new OrderLine(MUG, 4)), "10115");
    service.place(Order.of("d7", new OrderLine(GREEN_TEA, 10)).withCoupon("WELCOME5"), "10115");
    InventoryStore store = new InventoryStore(dir.resolve("stock.csv"));
    store.save(inventory);
    Inventory tomorrow = store.load();
    assertEquals(1, tomorrow.onHand(MUG));
    assertEquals(40, tomorrow.onHand(GREEN_TEA));
  }
}
