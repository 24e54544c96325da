package example.shop;

import static example.shop.SampleShop.GREEN_TEA;
import static example.shop.SampleShop.MUG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Orders against a carrier behind a (simulated) 350 ms network round trip. */
class ShippingQuoteTest {

  private static final long ROUND_TRIP_MILLIS = 350;

  private final Inventory inventory = SampleShop.stocked();

  private OrderService serviceWith(ShippingRates carrier) {
    return new OrderService(inventory, SampleShop.pricing(), carrier);
  }

  @Test
  void addsTheCarriersRate() {
    OrderService service = serviceWith(SampleShop.remoteCarrier(ROUND_TRIP_MILLIS));
    Receipt receipt = service.place(Order.of("q1", new OrderLine(GREEN_TEA, 4)), "10115");
    assertEquals(Money.of(5, 0), receipt.shipping());
  }

  @Test
  void rateGrowsWithUnits() {
    ShippingRates carrier = SampleShop.remoteCarrier(ROUND_TRIP_MILLIS);
    assertEquals(Money.of(8, 0), carrier.quote("10115", 10));
  }

  @Test
  void carrierOutageReleasesTheReservation() {
    ShippingRates down =
        (postcode, units) -> {
          SimulatedIo.pause(ROUND_TRIP_MILLIS);
          throw new IllegalStateException("carrier unavailable");
        };
    OrderService service = serviceWith(down);
    Order order = Order.of("q2", new OrderLine(MUG, 2));
    assertThrows(IllegalStateException.class, () -> service.place(order, "10115"));
    assertEquals(5, inventory.available(MUG));
    assertEquals(5, inventory.onHand(MUG));
  }

  @Test
  void postcodeDoesNotChangeTheFlatRate() {
    ShippingRates carrier = SampleShop.remoteCarrier(ROUND_TRIP_MILLIS);
    assertEquals(carrier.quote("10115", 1), Money.of(3, 50));
  }
}
