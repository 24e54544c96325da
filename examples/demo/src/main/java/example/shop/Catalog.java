package example.shop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The products on sale, by SKU. */
public final class Catalog {

  private final Map<Sku, Product> products = new LinkedHashMap<>();

  /** Adds {@code product}; a SKU can be listed once. */
  public void add(Product product) {
    if (products.putIfAbsent(product.sku(), product) != null) {
      throw new IllegalArgumentException("SKU " + product.sku() + " is already in the catalog");
    }
  }

  /** The product with {@code sku}, if listed. */
  public Optional<Product> find(Sku sku) {
    return Optional.ofNullable(products.get(sku));
  }

  /** The product with {@code sku}; fails if it is not listed. */
  public Product get(Sku sku) {
    return find(sku)
        .orElseThrow(() -> new IllegalArgumentException("SKU " + sku + " is not in the catalog"));
  }

  /** The products of {@code category}, cheapest first. */
  public List<Product> inCategory(Category category) {
    List<Product> found = new ArrayList<>();
    for (Product p : products.values()) {
      if (p.category() == category) {
        found.add(p);
      }
    }
    found.sort(Comparator.comparing(Product::price));
    return found;
  }

  /** How many products are listed. */
  public int size() {
    return products.size();
  }
}
