package example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

  @Test
  void buildsFromUnitsAndCents() {
    assertEquals(1250, Money.of(12, 50).cents());
  }

  @Test
  void adds() {
    assertEquals(Money.of(7, 25), Money.of(4, 50).plus(Money.of(2, 75)));
  }

  @Test
  void multipliesByQuantity() {
    assertEquals(Money.of(13, 50), Money.of(4, 50).times(3));
  }

  @ParameterizedTest(name = "{1}% of {0} cents = {2} cents")
  @CsvSource({"1000, 10, 100", "999, 10, 100", "994, 10, 99", "450, 25, 113"})
  void takesPercentagesRoundingHalfUp(long cents, int percent, long expected) {
    assertEquals(expected, new Money(cents).percent(percent).cents());
  }

  @Test
  void subtractsButNotBelowZero() {
    assertEquals(Money.ZERO, Money.of(2, 0).minusAtMostToZero(Money.of(5, 0)));
  }

  @Test
  void rejectsNegativeAmounts() {
    assertThrows(IllegalArgumentException.class, () -> new Money(-1));
  }

  @Test
  void printsWithTwoDecimals() {
    assertEquals("4.05", Money.of(4, 5).toString());
  }
}
