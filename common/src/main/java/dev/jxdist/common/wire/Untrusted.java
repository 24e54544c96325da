package dev.jxdist.common.wire;

/**
 * A value a peer sent (a worker id, a host name, a test id in a refused event), made safe to print
 * in a log or on a console: control characters (newlines, ANSI escapes) and other unprintable ones
 * are written as {@code \n}, {@code \e}, {@code \u202e}, backslashes doubled, and a long value is
 * cut, so that a peer cannot forge a line of the coordinator's output nor flood it.
 */
public final class Untrusted {

  /** The most characters of a value printed. */
  static final int MAX_CHARS = 200;

  private Untrusted() {}

  /** {@code value} escaped and cut, in single quotes; {@code null} as {@code null}. */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 8).append('\'');
    int shown = 0;
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      if (shown++ == MAX_CHARS) {
        out.append("...(").append(value.codePointCount(i, value.length()) + 1).append(" more)");
        break;
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x1b -> out.append("\\e");
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        default -> {
          if (printable(c)) {
            out.appendCodePoint(c);
          } else {
            out.append(String.format("\\u%04x", c));
          }
        }
      }
    }
    return out.append('\'').toString();
  }

  private static boolean printable(int c) {
    int type = Character.getType(c);
    return !(type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR);
  }
}
