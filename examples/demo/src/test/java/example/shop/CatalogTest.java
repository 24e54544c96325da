package example.shop;

import static example.shop.SampleShop.EARL_GREY;
import static example.shop.SampleShop.GREEN_TEA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private final Catalog catalog = SampleShop.catalog();

  @Test
  void findsProductsBySku() {
    assertEquals("Green tea, 100 g", catalog.get(GREEN_TEA).name());
  }

  @Test
  void doesNotFindUnknownSkus() {
    assertTrue(catalog.find(new Sku("XYZ-9999")).isEmpty());
  }

  @Test
  void refusesTheSameSkuTwice() {
    Product again = new Product(GREEN_TEA, "Other tea", Category.TEA, Money.of(1, 0));
    assertThrows(IllegalArgumentException.class, () -> catalog.add(again));
    assertEquals(5, catalog.size());
  }

  @Test
  void listsACategoryCheapestFirst() {
    List<Product> teas = catalog.inCategory(Category.TEA);
    assertEquals(List.of(GREEN_TEA, EARL_GREY), teas.stream().map(Product::sku).toList());
  }

  @Test
  void productsNeedAName() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Product(new Sku("NEW-0001"), " ", Category.CUPS, Money.ZERO));
  }
}
