package example.shop;

/**
 * An amount of money in cents. Never negative.
 *
 * @param cents the amount in cents
 */
public record Money(long cents) implements Comparable<Money> {

  /** No money. */
  public static final Money ZERO = new Money(0);

  public Money {
    if (cents < 0) {
      throw new IllegalArgumentException("money cannot be negative: " + cents + " cents");
    }
  }

  /** {@code units} whole units and {@code cents} cents, e.g. {@code of(12, 50)} for 12.50. */
  public static Money of(long units, int cents) {
    if (cents < 0 || cents > 99) {
      throw new IllegalArgumentException("cents must be 0..99: " + cents);
    }
    return new Money(Math.addExact(Math.multiplyExact(units, 100), cents));
  }

  /** This plus {@code other}. */
  public Money plus(Money other) {
    return new Money(Math.addExact(cents, other.cents));
  }

  /** This minus {@code other}, never below zero. */
  public Money minusAtMostToZero(Money other) {
    return new Money(Math.max(0, cents - other.cents));
  }

  /** This times {@code quantity}. */
  public Money times(int quantity) {
    if (quantity < 0) {
      throw new IllegalArgumentException("quantity cannot be negative: " + quantity);
    }
    return new Money(Math.multiplyExact(cents, quantity));
  }

  /** {@code percent} percent of this, rounded half up to the cent. */
  public Money percent(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 0..100: " + percent);
    }
    return new Money((cents * percent + 50) / 100);
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(cents, other.cents);
  }

  @Override
  public String toString() {
    return String.format("%d.%02d", cents / 100, cents % 100);
  }
}
