package example.shop;

import static example.shop.SampleShop.ESPRESSO;
import static example.shop.SampleShop.GREEN_TEA;
import static example.shop.SampleShop.MUG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The end-of-day report, over orders placed through a (simulated) 400 ms carrier. */
class SalesReportTest {

  private static List<Receipt> receipts;

  @BeforeAll
  static void placeTheDaysOrders() {
    OrderService service =
        new OrderService(SampleShop.stocked(), SampleShop.pricing(), SampleShop.remoteCarrier(400));
    service.place(Order.of("r1", new OrderLine(GREEN_TEA, 2)), "10115");
    service.place(Order.of("r2", new OrderLine(GREEN_TEA, 1), new OrderLine(MUG, 1)), "10115");
    service.place(Order.of("r3", new OrderLine(ESPRESSO, 3)).withCoupon("WELCOME5"), "10115");
    receipts = service.placed();
  }

  @Test
  void countsUnitsPerSku() {
    SalesReport report = new SalesReport(receipts, SampleShop.catalog());
    assertEquals(3, report.unitsOf(GREEN_TEA));
    assertEquals(1, report.unitsOf(MUG));
    assertEquals(0, report.unitsOf(SampleShop.TEA_BOOK));
  }

  @Test
  void totalsWhatWasCharged() {
    SalesReport report = new SalesReport(receipts, SampleShop.catalog());
    // 9.00 + 4.00 shipping; 12.50 + 4.00; 36.00 - 5.00 coupon + 4.50
    assertEquals(Money.of(65, 0), report.charged());
  }

  @Test
  void exportsCsvSortedBySku() {
    SalesReport report = new SalesReport(receipts, SampleShop.catalog());
    assertEquals(
        "sku,units,revenue\nCOF-0001,3,36.00\nCUP-0001,1,8.00\nTEA-0001,3,13.50\n", report.toCsv());
  }
}
