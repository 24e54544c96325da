package example.shop;

/** A carrier's rate service (in production a remote call). */
public interface ShippingRates {

  /** The cost of shipping {@code units} units to {@code postcode}. */
  Money quote(String postcode, int units);
}
