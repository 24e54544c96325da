package example.shop;

import java.util.regex.Pattern;

/**
 * A stock keeping unit: three upper-case letters, a dash, four digits ({@code TEA-0001}).
 *
 * @param code the code
 */
public record Sku(String code) {

  private static final Pattern FORMAT = Pattern.compile("[A-Z]{3}-\\d{4}");

  public Sku {
    if (code == null || !FORMAT.matcher(code).matches()) {
      throw new IllegalArgumentException("not a SKU (expected like TEA-0001): " + code);
    }
  }

  @Override
  public String toString() {
    return code;
  }
}
