package example.shop;

import java.util.List;

/** A small catalog and stock shared by the tests (not a test itself). */
final class SampleShop {

  static final Sku GREEN_TEA = new Sku("TEA-0001");
  static final Sku EARL_GREY = new Sku("TEA-0002");
  static final Sku ESPRESSO = new Sku("COF-0001");
  static final Sku MUG = new Sku("CUP-0001");
  static final Sku TEA_BOOK = new Sku("BOK-0001");

  private SampleShop() {}

  static Catalog catalog() {
    Catalog catalog = new Catalog();
    catalog.add(new Product(GREEN_TEA, "Green tea, 100 g", Category.TEA, Money.of(4, 50)));
    catalog.add(new Product(EARL_GREY, "Earl Grey, 100 g", Category.TEA, Money.of(5, 0)));
    catalog.add(new Product(ESPRESSO, "Espresso beans, 250 g", Category.COFFEE, Money.of(12, 0)));
    catalog.add(new Product(MUG, "Stoneware mug", Category.CUPS, Money.of(8, 0)));
    catalog.add(new Product(TEA_BOOK, "The Book of Tea", Category.BOOKS, Money.of(20, 0)));
    return catalog;
  }

  static Inventory stocked() {
    Inventory inventory = new Inventory();
    inventory.restock(GREEN_TEA, 50);
    inventory.restock(EARL_GREY, 30);
    inventory.restock(ESPRESSO, 10);
    inventory.restock(MUG, 5);
    inventory.restock(TEA_BOOK, 2);
    return inventory;
  }

  static Pricing pricing() {
    return new Pricing(
        catalog(),
        List.of(
            new BulkDiscount(10, 10),
            new CategoryDiscount(Category.BOOKS, 25),
            new Coupon("WELCOME5", Money.of(5, 0), Money.of(30, 0))));
  }

  /** A carrier that charges 3.00 plus 0.50 a unit, answering at once. */
  static ShippingRates flatCarrier() {
    return (postcode, units) -> Money.of(3, 0).plus(Money.of(0, 50).times(units));
  }

  /** The flat carrier behind a network round trip of {@code latencyMillis}. */
  static ShippingRates remoteCarrier(long latencyMillis) {
    ShippingRates flat = flatCarrier();
    return (postcode, units) -> {
      SimulatedIo.pause(latencyMillis);
      return flat.quote(postcode, units);
    };
  }
}
