package dev.jxdist.common.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code flock(2)} locks that Linux lists in {@code /proc/locks}. A {@link
 * java.nio.channels.FileChannel} lock is an {@code fcntl(2)} lock, which Linux keeps apart from
 * {@code flock}'s: a Java process and a store script holding the same file with {@code flock(1)} do
 * not see each other's locks unless one reads them here. Each side takes its own lock first and
 * then looks for the other kind (the store scripts do the same with {@code fcntl}'s, {@code POSIX}
 * in the table), so of two that start at once at least one sees the other.
 *
 * <p>Elsewhere (no {@code /proc/locks}, or no Unix file attributes) nothing is listed: on the BSDs
 * and macOS the two kinds of lock are one.
 */
final class FlockTable {

  static final Path PROC_LOCKS = Path.of("/proc/locks");

  private final Path table;

  FlockTable(Path table) {
    this.table = table;
  }

  /** Whether a {@code flock} lock of any process, shared or exclusive, is held on {@code file}. */
  boolean anyHeld(Path file) throws IOException {
    return held(file, false);
  }

  /** Whether an exclusive {@code flock} lock of any process is held on {@code file}. */
  boolean exclusiveHeld(Path file) throws IOException {
    return held(file, true);
  }

  private boolean held(Path file, boolean exclusiveOnly) throws IOException {
    Optional<String> id = lockId(file);
    if (id.isEmpty()) {
      return false;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(table);
    } catch (NoSuchFileException e) {
      return false;
    }
    for (String line : lines) {
      // "1: FLOCK  ADVISORY  WRITE 1234 fe:00:2148445 0 EOF"; a waiter's has "->" after the number.
      String[] f = line.trim().split("\\s+");
      if (f.length >= 6
          && f[1].equals("FLOCK")
          && (!exclusiveOnly || f[3].equals("WRITE"))
          && f[5].equals(id.get())) {
        return true;
      }
    }
    return false;
  }

  /**
   * How {@code /proc/locks} names {@code file}: its device's major and minor numbers in hex, then
   * its inode, {@code fe:00:2148445}; empty where the file system gives no Unix attributes.
   */
  static Optional<String> lockId(Path file) throws IOException {
    if (!file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
      return Optional.empty();
    }
    Map<String, Object> attributes = Files.readAttributes(file, "unix:dev,ino");
    long dev = ((Number) attributes.get("dev")).longValue();
    long ino = ((Number) attributes.get("ino")).longValue();
    // glibc's encoding of dev_t (gnu_dev_major, gnu_dev_minor)
    long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
    long minor = (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
    return Optional.of(
        String.format(Locale.ROOT, "%02x:%02x:%s", major, minor, Long.toUnsignedString(ino)));
  }
}
