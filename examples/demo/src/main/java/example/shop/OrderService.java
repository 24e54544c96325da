package example.shop;

import java.util.ArrayList;
import java.util.List;

/**
 * Places orders: reserves stock for every line, prices the order, asks the carrier for shipping,
 * then ships. If pricing or shipping fails, the reservation is released.
 */
public final class OrderService {

  private final Inventory inventory;
  private final Pricing pricing;
  private final ShippingRates shipping;
  private final List<Receipt> placed = new ArrayList<>();

  public OrderService(Inventory inventory, Pricing pricing, ShippingRates shipping) {
    this.inventory = inventory;
    this.pricing = pricing;
    this.shipping = shipping;
  }

  /** Places {@code order} for delivery to {@code postcode}; see the class comment. */
  public Receipt place(Order order, String postcode) {
    inventory.reserve(order.lines());
    Receipt receipt;
    try {
      Quote quote = pricing.quote(order);
      Money rate = shipping.quote(postcode, order.units());
      receipt = new Receipt(order, quote, rate);
    } catch (RuntimeException e) {
      inventory.release(order.lines());
      throw e;
    }
    inventory.ship(order.lines());
    placed.add(receipt);
    return receipt;
  }

  /** The receipts of the orders placed so far, oldest first. */
  public List<Receipt> placed() {
    return List.copyOf(placed);
  }
}
