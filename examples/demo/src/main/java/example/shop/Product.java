package example.shop;

import java.util.Objects;

/**
 * Something the shop sells.
 *
 * @param sku its SKU
 * @param name its display name
 * @param category its category
 * @param price its unit price
 */
public record Product(Sku sku, String name, Category category, Money price) {

  public Product {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(price, "price");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("product " + sku + " needs a name");
    }
  }
}
