package dev.jxdist.common.sync;

/**
 * How a path is written as the last field of a text line (in a manifest and in the hash cache):
 * {@code %}, control characters and DEL become {@code %XX} (two uppercase hex digits); everything
 * else, spaces and non-ASCII included, is written as is (the files are UTF-8).
 */
final class PathText {

  private PathText() {}

  static String escape(String path) {
    StringBuilder out = null;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' || c < 0x20 || c == 0x7f) {
        if (out == null) {
          out = new StringBuilder(path.length() + 8).append(path, 0, i);
        }
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? path : out.toString();
  }

  /**
   * Reverses {@link #escape}.
   *
   * @throws IllegalArgumentException on a {@code %} not followed by two hex digits, or a raw
   *     control character
   */
  static String unescape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("unescaped control character in path");
      }
      if (c == '%') {
        if (i + 2 >= text.length()) {
          throw new IllegalArgumentException("'%' without two hex digits in path");
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("'%' without two hex digits in path");
        }
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        out.append((char) (hi * 16 + lo));
        i += 2;
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
