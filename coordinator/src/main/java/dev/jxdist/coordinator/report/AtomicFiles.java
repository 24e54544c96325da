package dev.jxdist.coordinator.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file so that readers see either the old file or the complete new one: the text goes to a
 * temporary file next to the target, which is then moved over it. Used for every file jxdist writes
 * that others read: the reports and the durations history. The file gets the permissions the
 * process's umask gives a new file (as Surefire's reports do), not a temporary file's {@code 0600},
 * so that a CI collector running as another user can read it.
 */
public final class AtomicFiles {

  /** Writes the content of a file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer out) throws IOException;
  }

  private static final SecureRandom TEMP_NAMES = new SecureRandom();

  private AtomicFiles() {}

  /** Writes {@code content} as UTF-8 to {@code target}, creating its parent directories. */
  public static void writeUtf8(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path temp =
        dir.resolve(
            "." + absolute.getFileName() + "." + Long.toHexString(TEMP_NAMES.nextLong()) + ".tmp");
    try {
      try (Writer out =
          new Utf8Writer(
              Files.newOutputStream(
                  temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
        content.writeTo(out);
      }
      try {
        Files.move(
            temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
