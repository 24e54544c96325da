package dev.jxdist.coordinator.remote;

import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A run's secret kept in a file ({@code --token-file}): what the coordinator and the workers that
 * join it share. The token is the file's content without surrounding whitespace; it is never
 * printed.
 */
public final class TokenFile {

  private TokenFile() {}

  /**
   * The token in {@code file}; if there is no such file, a fresh token written to it (readable by
   * its owner only), which is said on {@code err}.
   *
   * @throws UsageException naming the file if it is empty or cannot be read or written
   */
  public static RunToken readOrCreate(Path file, PrintStream err) {
    if (!Files.exists(file)) {
      RunToken token = RunToken.random();
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        write(file, token);
        err.println(
            "jxdist: wrote a new token for this run to "
                + file
                + " (readable by you only); give workers that join a copy of it");
        return token;
      } catch (FileAlreadyExistsException e) {
        // Someone else wrote it meanwhile: use theirs.
      } catch (IOException e) {
        throw new UsageException(
            "--token-file "
                + file
                + " cannot be created ("
                + e.getMessage()
                + "); give a file in a writable directory");
      }
    }
    return read(file, "--token-file");
  }

  /**
   * The token in {@code file}.
   *
   * @param option the option that named the file, for messages
   * @throws UsageException naming the file if it does not exist, cannot be read or is empty
   */
  public static RunToken read(Path file, String option) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new UsageException(
          option + " " + file + " does not exist; give a copy of the coordinator's token file");
    } catch (IOException e) {
      throw new UsageException(option + " " + file + " cannot be read: " + e.getMessage());
    }
    if (token.isEmpty()) {
      throw new UsageException(
          option
              + " "
              + file
              + " is empty; put the run's secret in it, or name a file that does"
              + " not exist yet and jxdist run creates one");
    }
    return RunToken.of(token);
  }

  private static void write(Path file, RunToken token) throws IOException {
    byte[] bytes = (token.reveal() + "\n").getBytes(StandardCharsets.UTF_8);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
    Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
