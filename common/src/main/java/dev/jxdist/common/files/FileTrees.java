package dev.jxdist.common.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes directory trees: a session directory, a run's worker logs, a cache of module
 * descriptions. Symbolic links are deleted, never followed, so a link that a test left in a tree
 * cannot take anything outside it along.
 */
public final class FileTrees {

  private FileTrees() {}

  /**
   * Deletes {@code dir} and everything in it; nothing happens if it does not exist.
   *
   * @throws IOException naming the first file that cannot be deleted (the rest is left)
   */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<Path>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * Deletes {@code dir} and everything in it as far as it can, for clean-up that must not fail:
   * what cannot be deleted is left.
   *
   * @return whether the tree is gone
   */
  public static boolean deleteQuietly(Path dir) {
    try {
      delete(dir);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
