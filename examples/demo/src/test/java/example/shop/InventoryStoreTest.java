package example.shop;

import static example.shop.SampleShop.ESPRESSO;
import static example.shop.SampleShop.MUG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading stock on a (simulated) slow network disk: 300 ms per test. */
class InventoryStoreTest {

  private static final long SLOW_DISK_MILLIS = 300;

  @TempDir Path dir;

  private InventoryStore store() {
    SimulatedIo.pause(SLOW_DISK_MILLIS);
    return new InventoryStore(dir.resolve("stock.csv"));
  }

  @Test
  void roundTripsStockLevels() throws IOException {
    InventoryStore store = store();
    store.save(SampleShop.stocked());
    Inventory loaded = store.load();
    assertEquals(SampleShop.stocked().snapshot(), loaded.snapshot());
  }

  @Test
  void writesSortedCsvWithAHeader() throws IOException {
    store().save(SampleShop.stocked());
    List<String> lines = Files.readAllLines(dir.resolve("stock.csv"));
    assertEquals("sku,quantity", lines.get(0));
    assertEquals("BOK-0001,2", lines.get(1));
    assertEquals(6, lines.size());
  }

  @Test
  void leavesNoTemporaryFileBehind() throws IOException {
    store().save(SampleShop.stocked());
    try (var files = Files.list(dir)) {
      assertEquals(List.of("stock.csv"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void savesWhatWasShipped() throws IOException {
    Inventory inventory = SampleShop.stocked();
    List<OrderLine> lines = List.of(new OrderLine(ESPRESSO, 4), new OrderLine(MUG, 5));
    inventory.reserve(lines);
    inventory.ship(lines);
    InventoryStore store = store();
    store.save(inventory);
    Inventory loaded = store.load();
    assertEquals(6, loaded.onHand(ESPRESSO));
    assertEquals(0, loaded.onHand(MUG));
  }

  @Test
  void namesTheBadLineOfACorruptFile() throws IOException {
    Files.writeString(dir.resolve("stock.csv"), "sku,quantity\nTEA-0001,3\nnonsense\n");
    IOException e = assertThrows(IOException.class, () -> store().load());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }
}
