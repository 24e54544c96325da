package dev.jxdist.worker.capture;

/** Where UTF-8 text may be cut without splitting a character. */
final class Utf8 {

  private Utf8() {}

  /**
   * The length of the longest prefix of {@code bytes} that does not end inside a multi-byte
   * character: {@code bytes.length} unless the last character is incomplete.
   */
  static int completeLength(byte[] bytes) {
    int n = bytes.length;
    // A character is at most 4 bytes: look back at most 3 bytes for the lead byte of the last one.
    for (int back = 1; back <= Math.min(3, n); back++) {
      int b = bytes[n - back] & 0xFF;
      if ((b & 0xC0) == 0x80) {
        continue; // a continuation byte: keep looking for the lead byte
      }
      int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      return needed > back ? n - back : n;
    }
    return n;
  }
}
