package dev.jxdist.coordinator.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.MalformedInputException;

/**
 * A writer that encodes UTF-8 into a stream through one buffer, for the reports: a million tests'
 * JSON is some hundred million small writes (a name, a quote, an indent), and {@code
 * Files.newBufferedWriter}'s writer takes a lock and checks that it is open on each of them, then
 * hands its chars to an encoder of its own. This one does neither (it is for one thread only) and
 * writes the same bytes. Text that is not valid UTF-16 (a surrogate without its pair) fails as it
 * does there, with a {@link MalformedInputException}.
 */
final class Utf8Writer extends Writer {

  private static final int CHARS = 1 << 14;

  private final OutputStream out;
  private final char[] chars = new char[CHARS];
  private final byte[] bytes = new byte[CHARS * 3];
  private int count;
  private boolean closed;

  Utf8Writer(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int c) throws IOException {
    if (count == CHARS) {
      encode(false);
    }
    chars[count++] = (char) c;
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    while (len > 0) {
      if (count == CHARS) {
        encode(false);
      }
      int n = Math.min(len, CHARS - count);
      s.getChars(off, off + n, chars, count);
      count += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void write(char[] c, int off, int len) throws IOException {
    while (len > 0) {
      if (count == CHARS) {
        encode(false);
      }
      int n = Math.min(len, CHARS - count);
      System.arraycopy(c, off, chars, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  /**
   * Encodes the buffered chars into the stream. A high surrogate at the end waits for its pair in
   * the next write, unless this is the {@code last} encoding.
   */
  private void encode(boolean last) throws IOException {
    int end = count;
    if (!last && end > 0 && Character.isHighSurrogate(chars[end - 1])) {
      end--;
    }
    int b = 0;
    for (int i = 0; i < end; i++) {
      char c = chars[i];
      if (c < 0x80) {
        bytes[b++] = (byte) c;
      } else if (c < 0x800) {
        bytes[b++] = (byte) (0xC0 | (c >> 6));
        bytes[b++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c)
            || i + 1 >= end
            || !Character.isLowSurrogate(chars[i + 1])) {
          throw new MalformedInputException(1);
        }
        int cp = Character.toCodePoint(c, chars[++i]);
        bytes[b++] = (byte) (0xF0 | (cp >> 18));
        bytes[b++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        bytes[b++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        bytes[b++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        bytes[b++] = (byte) (0xE0 | (c >> 12));
        bytes[b++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        bytes[b++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    out.write(bytes, 0, b);
    int left = count - end;
    if (left > 0) {
      chars[0] = chars[end];
    }
    count = left;
  }

  @Override
  public void flush() throws IOException {
    encode(false);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      encode(true);
    } finally {
      out.close();
    }
  }
}
