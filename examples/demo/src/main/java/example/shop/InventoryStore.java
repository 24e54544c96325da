package example.shop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Saves and loads stock levels as a small CSV file ({@code sku,quantity} per line). */
public final class InventoryStore {

  private final Path file;

  public InventoryStore(Path file) {
    this.file = file;
  }

  /** Writes the stock on hand of {@code inventory}, atomically (temp file, then rename). */
  public void save(Inventory inventory) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("sku,quantity");
    new TreeMap<>(codes(inventory.snapshot())).forEach((sku, q) -> lines.add(sku + "," + q));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads the file back into a new inventory; a malformed line fails naming its number. */
  public Inventory load() throws IOException {
    Inventory inventory = new Inventory();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String[] parts = lines.get(i).split(",");
      if (parts.length != 2) {
        throw new IOException(file + " line " + (i + 1) + ": expected sku,quantity");
      }
      int quantity = Integer.parseInt(parts[1].strip());
      if (quantity > 0) {
        inventory.restock(new Sku(parts[0].strip()), quantity);
      }
    }
    return inventory;
  }

  private static Map<String, Integer> codes(Map<Sku, Integer> stock) {
    Map<String, Integer> byCode = new TreeMap<>();
    stock.forEach((sku, q) -> byCode.put(sku.code(), q));
    return byCode;
  }
}
