package example.shop;

/** Thrown when an order asks for more of a SKU than is in stock. */
public final class OutOfStockException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Sku sku;
  private final int requested;
  private final int available;

  public OutOfStockException(Sku sku, int requested, int available) {
    super(sku + ": " + requested + " requested, " + available + " available");
    this.sku = sku;
    this.requested = requested;
    this.available = available;
  }

  public Sku sku() {
    return sku;
  }

  public int requested() {
    return requested;
  }

  public int available() {
    return available;
  }
}
