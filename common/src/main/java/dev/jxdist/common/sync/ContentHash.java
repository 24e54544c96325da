package dev.jxdist.common.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 content hashes as 64 lowercase hex digits: the names of blobs in a {@link BlobStore}. */
public final class ContentHash {

  /** Length of a hash in hex digits. */
  public static final int HEX_LENGTH = 64;

  static final int BUFFER_SIZE = 64 * 1024;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ContentHash() {}

  /** Hashes a file's content, streamed (the file is never held in memory). */
  public static String of(Path file) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[BUFFER_SIZE];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest.digest());
  }

  /** Hashes a byte array. */
  public static String of(byte[] bytes) {
    return hex(newDigest().digest(bytes));
  }

  /** Whether {@code text} is a well-formed hash: exactly 64 lowercase hex digits. */
  public static boolean isValid(String text) {
    if (text == null || text.length() != HEX_LENGTH) {
      return false;
    }
    for (int i = 0; i < HEX_LENGTH; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code text} if it is a well-formed hash.
   *
   * @throws IllegalArgumentException naming the bad value otherwise
   */
  public static String requireValid(String text) {
    if (!isValid(text)) {
      throw new IllegalArgumentException(
          "not a SHA-256 hash (64 lowercase hex digits): '" + abbreviate(text) + "'");
    }
    return text;
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "null";
    }
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  /** A fresh SHA-256 digest. */
  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /** Lowercase hex of a digest. */
  static String hex(byte[] digest) {
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }
}
