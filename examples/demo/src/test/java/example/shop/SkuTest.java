package example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SkuTest {

  @Test
  void acceptsTheStandardFormat() {
    assertEquals("TEA-0001", new Sku("TEA-0001").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tea-0001", "TEA0001", "TEA-001", "TEAS-0001", ""})
  void rejectsOtherFormats(String code) {
    assertThrows(IllegalArgumentException.class, () -> new Sku(code));
  }
}
