package dev.jxdist.common.sync;

import dev.jxdist.common.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Lays a {@link Manifest} out of a {@link BlobStore} into a fresh session directory: every file at
 * its logical path, as a hard link to its blob where the file system allows (blobs are read-only,
 * so the links are too) and otherwise as a read-only copy. Executable files are always copies (mode
 * {@code r-x------}), since a blob's mode is shared by all its links. The session directory is
 * {@code 0700} and every file in it readable by its owner only; directories stay writable, so tests
 * can create files in the project directory and the session can be removed.
 */
public final class Layout {

  private final BlobStore store;

  /** Lays out from {@code store}. */
  public Layout(BlobStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Lays {@code manifest} out into {@code sessionDir}, which must not exist or be empty.
   *
   * @throws IOException if a blob is missing (naming the first, before anything is created), the
   *     session directory is not empty, or a file cannot be created
   */
  public Workspace materialize(Manifest manifest, Path sessionDir) throws IOException {
    List<Manifest.Entry> missing = new ArrayList<>();
    for (Manifest.Entry e : manifest.entries()) {
      if (!store.has(e.sha256())) {
        missing.add(e);
      }
    }
    if (!missing.isEmpty()) {
      Manifest.Entry first = missing.get(0);
      throw new IOException(
          "blob "
              + first.sha256()
              + " of "
              + first.path()
              + " is missing from the store "
              + store.root()
              + " ("
              + missing.size()
              + " of "
              + manifest.entries().size()
              + " files lack their blob); sync this host again");
    }
    Path root = sessionDir.toAbsolutePath().normalize();
    prepareEmpty(root);

    Set<Path> made = new HashSet<>();
    made.add(root);
    Map<String, Path> directories = new LinkedHashMap<>();
    for (String d : manifest.directories()) {
      Path dir = resolve(root, d);
      mkdirs(dir, made);
      directories.put(d, dir);
    }
    Set<String> files = new HashSet<>();
    for (Manifest.Entry e : manifest.entries()) {
      files.add(e.path());
    }
    List<Path> classpath = new ArrayList<>();
    for (String c : manifest.classpath()) {
      Path p = resolve(root, c);
      if (!files.contains(c)) {
        mkdirs(p, made); // a class directory, possibly empty
      }
      classpath.add(p);
    }

    int linked = 0;
    int copied = 0;
    boolean tryLinks = true;
    for (Manifest.Entry e : manifest.entries()) {
      Path target = resolve(root, e.path());
      mkdirs(target.getParent(), made);
      Path blob = store.path(e.sha256());
      if (tryLinks && !e.executable()) {
        try {
          Files.createLink(target, blob);
          linked++;
          continue;
        } catch (UnsupportedOperationException | FileSystemException ex) {
          // Not on this file system (another device, no links, too many links): copy instead.
          // If not even the first link worked, stop trying.
          tryLinks = linked > 0;
          Files.deleteIfExists(target);
        }
      }
      Files.copy(blob, target);
      setMode(target, e.executable());
      copied++;
    }
    return new Workspace(root, classpath, directories, linked, copied);
  }

  private static void prepareEmpty(Path root) throws IOException {
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
        if (children.iterator().hasNext()) {
          throw new IOException(
              "session directory " + root + " is not empty; lay the code out into a fresh one");
        }
      }
    } else if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("session directory " + root + " exists and is not a directory");
    }
    PrivateFiles.directory(root);
  }

  /**
   * Resolves a logical path segment by segment, refusing anything that would leave {@code root}.
   */
  private static Path resolve(Path root, String logicalPath) throws IOException {
    Path p = root;
    for (String segment : logicalPath.split("/", -1)) {
      Path next;
      try {
        next = p.resolve(segment);
      } catch (InvalidPathException e) {
        throw new IOException("manifest path '" + logicalPath + "' is not valid on this host", e);
      }
      if (!p.equals(next.getParent())
          || next.getFileName() == null
          || !next.getFileName().toString().equals(segment)
          || segment.equals(".")
          || segment.equals("..")) {
        throw new IOException("manifest path '" + logicalPath + "' is not a plain relative path");
      }
      p = next;
    }
    return p;
  }

  private static void mkdirs(Path dir, Set<Path> made) throws IOException {
    if (made.add(dir)) {
      PrivateFiles.directories(dir);
    }
  }

  private static void setMode(Path file, boolean executable) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(
          file, executable ? PrivateFiles.EXECUTABLE : PrivateFiles.READ_ONLY);
    } else {
      if (executable) {
        file.toFile().setExecutable(true, false);
      }
      file.toFile().setReadOnly();
    }
  }
}
