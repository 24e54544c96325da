package dev.jxdist.common.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories and files that only their owner may enter or read: the stores and session directories
 * that hold a run's code on a machine ({@code 0700}), and the files jxdist writes there ({@code
 * 0600}, or {@code 0400} for blobs, which never change). A file system without POSIX permissions is
 * left as it is.
 */
public final class PrivateFiles {

  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  /** {@code r--------}: a blob, or a file laid out from one. */
  public static final Set<PosixFilePermission> READ_ONLY =
      PosixFilePermissions.fromString("r--------");

  /** {@code r-x------}: an executable file laid out from a blob. */
  public static final Set<PosixFilePermission> EXECUTABLE =
      PosixFilePermissions.fromString("r-x------");

  private PrivateFiles() {}

  /**
   * Creates {@code dir} (and its parents, which keep the umask's mode) if needed, and makes it
   * {@code 0700} if it is not already. A directory another user owns is left as it is.
   */
  public static Path directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix(dir)) {
      try {
        if (!Files.getPosixFilePermissions(dir).equals(DIRECTORY)) {
          Files.setPosixFilePermissions(dir, DIRECTORY);
        }
      } catch (java.nio.file.AccessDeniedException e) {
        // Not ours: the owner decides (a shared cache set up by an administrator).
      }
    }
    return dir;
  }

  /**
   * Creates {@code dir} and the parents it lacks, each {@code 0700} (a directory already there is
   * left as it is).
   */
  public static Path directories(Path dir) throws IOException {
    if (posix(dir)) {
      return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }
    return Files.createDirectories(dir);
  }

  /** Creates the empty file {@code file}, {@code 0600} from the start; it must not exist. */
  public static Path newFile(Path file) throws IOException {
    if (posix(file)) {
      return Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    }
    return Files.createFile(file);
  }

  /** Sets {@code file}'s mode to {@code permissions}, where the file system has modes. */
  public static void mode(Path file, Set<PosixFilePermission> permissions) throws IOException {
    if (posix(file)) {
      Files.setPosixFilePermissions(file, permissions);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
