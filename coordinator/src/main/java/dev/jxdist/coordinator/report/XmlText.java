package dev.jxdist.coordinator.report;

/**
 * Escapes text for XML 1.0 attribute values and element content. Characters XML 1.0 cannot carry at
 * all (control characters other than tab, newline and carriage return, lone surrogates, U+FFFE and
 * U+FFFF) are replaced, as Surefire does, by the printable text {@code &#N;} (N decimal), so the
 * document stays well-formed and a reader still sees which character was there.
 */
final class XmlText {

  private XmlText() {}

  /** {@code value} escaped for a double-quoted attribute; line breaks and tabs survive parsing. */
  static String attribute(String value) {
    return escape(value, true);
  }

  /** {@code value} escaped for element content; carriage returns survive parsing. */
  static String content(String value) {
    return escape(value, false);
  }

  private static String escape(String value, boolean attribute) {
    StringBuilder out = null;
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      String replacement;
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        if (out != null) {
          out.append(c).append(value.charAt(i + 1));
        }
        i++;
        continue;
      } else if (c == '&') {
        replacement = "&amp;";
      } else if (c == '<') {
        replacement = "&lt;";
      } else if (c == '>') {
        replacement = "&gt;";
      } else if (c == '"' && attribute) {
        replacement = "&quot;";
      } else if (c == '\n' && attribute) {
        replacement = "&#10;";
      } else if (c == '\t' && attribute) {
        replacement = "&#9;";
      } else if (c == '\r') {
        replacement = "&#13;";
      } else if (isIllegal(c)) {
        replacement = "&amp;#" + (int) c + ";";
      } else {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n + 16).append(value, 0, i);
      }
      out.append(replacement);
    }
    return out == null ? value : out.toString();
  }

  /** True for a char XML 1.0 cannot hold (a surrogate here is a lone one). */
  private static boolean isIllegal(char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        || Character.isSurrogate(c)
        || c == '\uFFFE'
        || c == '\uFFFF';
  }
}
