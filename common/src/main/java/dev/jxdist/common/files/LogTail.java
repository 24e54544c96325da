package dev.jxdist.common.files;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last lines of a log file, for a crash report: what a worker JVM wrote last. Only the file's
 * last 64 KiB are read, however long it grew; blank lines are left out.
 */
public final class LogTail {

  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {}

  /**
   * The last {@code lines} non-blank lines of {@code file}; if it cannot be read, one line saying
   * why.
   */
  public static List<String> of(Path file, int lines) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long size = f.length();
      int chunk = (int) Math.min(size, MAX_BYTES);
      byte[] bytes = new byte[chunk];
      f.seek(size - chunk);
      f.readFully(bytes);
      List<String> all =
          new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n")));
      if (chunk < size && !all.isEmpty()) {
        all.remove(0); // probably a partial line
      }
      all.removeIf(String::isBlank);
      return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return List.of("(no log: " + e.getMessage() + ")");
    }
  }
}
