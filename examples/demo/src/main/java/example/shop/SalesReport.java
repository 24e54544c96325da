package example.shop;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Totals of placed orders: units and revenue per SKU, and as CSV for the accountants. */
public final class SalesReport {

  private final Map<String, Integer> units = new TreeMap<>();
  private final Map<String, Money> revenue = new TreeMap<>();
  private Money charged = Money.ZERO;

  /** A report over {@code receipts}, with list-price revenue per SKU. */
  public SalesReport(List<Receipt> receipts, Catalog catalog) {
    for (Receipt r : receipts) {
      charged = charged.plus(r.charged());
      for (OrderLine line : r.order().lines()) {
        String code = line.sku().code();
        units.merge(code, line.quantity(), Integer::sum);
        Money lineTotal = catalog.get(line.sku()).price().times(line.quantity());
        revenue.merge(code, lineTotal, Money::plus);
      }
    }
  }

  /** Units sold of {@code sku}. */
  public int unitsOf(Sku sku) {
    return units.getOrDefault(sku.code(), 0);
  }

  /** Everything charged to customers, shipping included. */
  public Money charged() {
    return charged;
  }

  /** {@code sku,units,revenue} lines, sorted by SKU, after a header. */
  public String toCsv() {
    StringBuilder csv = new StringBuilder("sku,units,revenue\n");
    units.forEach(
        (code, n) ->
            csv.append(code)
                .append(',')
                .append(n)
                .append(',')
                .append(revenue.get(code))
                .append('\n'));
    return csv.toString();
  }
}
