package dev.jxdist.common.sync;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the {@link Manifest} of an ordered classpath (jars and class directories) and of synced
 * directories such as the project directory, hashing through a {@link HashCache} (in parallel, on
 * threads named {@code sync-hash-N} that live only during {@link #build}).
 *
 * <p>With {@link #snapshots}, each file is copied into a local blob store as it is hashed, and the
 * manifest's sources are those copies: what is sent is what was hashed.
 *
 * <p>A classpath entry that does not exist is skipped, as the JVM skips it, but keeps its number,
 * so the other roots keep their names. Symbolic links are followed (a loop is skipped); sockets,
 * pipes and dangling links are left out; a file that disappears while the manifest is built is left
 * out. Equal inputs (same classpath file names and order, same directory names, same contents,
 * modes and relative paths) give equal manifests, wherever the files are.
 */
public final class ManifestBuilder {

  /**
   * A sensible default for the project directory: version control metadata, build output, IDE state
   * and jxdist's own state ({@code .jxdist/}: the durations history, rewritten by every run, which
   * workers never read), at any depth.
   */
  public static final List<String> DEFAULT_PROJECT_EXCLUDES =
      List.of(".git/", ".hg/", ".svn/", "target/", ".idea/", ".jxdist/");

  /** A synced directory: all its files but the excluded ones, or only those listed. */
  private record Directory(Path path, ExcludeGlobs excludes, List<String> listed) {}

  private record Pending(String logicalPath, Path file) {}

  private final HashCache cache;
  private final List<Path> classpath = new ArrayList<>();
  private final Map<String, Directory> directories = new LinkedHashMap<>();
  private BlobStore snapshots;
  private int parallelism = Math.min(8, Runtime.getRuntime().availableProcessors());

  /** A builder that hashes through {@code cache}. */
  public ManifestBuilder(HashCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** Appends classpath entries (jars, other files, class directories), in order. */
  public ManifestBuilder classpath(Collection<Path> entries) {
    classpath.addAll(entries);
    return this;
  }

  /** Adds the project directory, under its own name ({@link Manifest#projectName}). */
  public ManifestBuilder project(Path dir, ExcludeGlobs excludes) {
    return directory(Manifest.projectName(dir), dir, excludes);
  }

  /**
   * Adds the listed files of the project directory, under its own name ({@link
   * Manifest#projectName}), as {@link #directory(String, Path, List, ExcludeGlobs)} does.
   */
  public ManifestBuilder project(Path dir, List<String> files, ExcludeGlobs excludes) {
    return directory(Manifest.projectName(dir), dir, files, excludes);
  }

  /**
   * Adds a directory whose files travel under the logical name {@code name} (one path segment, not
   * {@code cp}), leaving out what {@code excludes} matches.
   */
  public ManifestBuilder directory(String name, Path dir, ExcludeGlobs excludes) {
    return add(name, new Directory(dir, excludes, null));
  }

  /**
   * Adds a directory whose listed files travel under the logical name {@code name}, as {@link
   * #directory(String, Path, ExcludeGlobs)} does; {@code files} are {@code /}-separated paths
   * relative to {@code dir} (a listed directory travels whole but for {@code excludes}; a listed
   * file that does not exist is left out). An empty list makes an empty directory.
   */
  public ManifestBuilder directory(
      String name, Path dir, List<String> files, ExcludeGlobs excludes) {
    return add(name, new Directory(dir, excludes, List.copyOf(files)));
  }

  private ManifestBuilder add(String name, Directory directory) {
    Manifest.checkPath(name);
    if (name.indexOf('/') >= 0 || name.equals(Manifest.CLASSPATH_DIRECTORY)) {
      throw new IllegalArgumentException(
          "directory name '" + name + "' must be one path segment other than 'cp'");
    }
    if (directories.putIfAbsent(name, directory) != null) {
      throw new IllegalArgumentException("directory name '" + name + "' is used twice");
    }
    return this;
  }

  /**
   * Snapshots every file into {@code store} as it is hashed (a file already there under its
   * unchanged hash is not read): the manifest's sources are then the store's blobs, which hold
   * exactly what was hashed however the files change afterwards, and a file being written while it
   * is read (a log) is taken as it was at that moment.
   */
  public ManifestBuilder snapshots(BlobStore store) {
    this.snapshots = Objects.requireNonNull(store, "store");
    return this;
  }

  /** How many files are hashed at once (default: the cores, at most 8). */
  public ManifestBuilder parallelism(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + threads);
    }
    this.parallelism = threads;
    return this;
  }

  /**
   * Walks the classpath and directories, hashes what changed, and returns the manifest with the
   * local source of each blob.
   *
   * @throws IOException if a synced directory is missing or a file cannot be read; the message
   *     names it
   */
  public LocalManifest build() throws IOException {
    List<Pending> pending = new ArrayList<>();
    List<String> roots = new ArrayList<>();
    int width = Math.max(3, String.valueOf(classpath.size()).length());
    for (int i = 0; i < classpath.size(); i++) {
      Path entry = classpath.get(i).toAbsolutePath().normalize();
      Path fileName = entry.getFileName();
      String root =
          Manifest.CLASSPATH_DIRECTORY
              + "/"
              + String.format("%0" + width + "d", i + 1)
              + "-"
              + (fileName == null ? "root" : fileName.toString());
      if (Files.isDirectory(entry)) {
        roots.add(root);
        walk(entry, root, ExcludeGlobs.none(), pending);
      } else if (Files.isRegularFile(entry)) {
        roots.add(root);
        pending.add(new Pending(root, entry));
      } else if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS) && Files.exists(entry)) {
        throw new IOException(
            "classpath entry "
                + entry
                + " is neither a file nor a directory, so it cannot be synced");
      }
    }
    for (Map.Entry<String, Directory> d : directories.entrySet()) {
      Path dir = d.getValue().path().toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw new IOException(
            "directory "
                + dir
                + " to sync as '"
                + d.getKey()
                + "' does not exist or is no directory");
      }
      List<String> listed = d.getValue().listed();
      if (listed == null) {
        walk(dir, d.getKey(), d.getValue().excludes(), pending);
        continue;
      }
      for (String rel : listed) {
        Manifest.checkPath(rel);
        Path file = dir.resolve(rel);
        if (Files.isRegularFile(file)) {
          pending.add(new Pending(d.getKey() + "/" + rel, file));
        } else if (Files.isDirectory(file)) {
          walk(file, d.getKey() + "/" + rel, d.getValue().excludes(), pending);
        }
      }
    }
    Manifest.Entry[] hashed = hashAll(pending);
    List<Manifest.Entry> entries = new ArrayList<>();
    for (Manifest.Entry e : hashed) {
      if (e != null) {
        entries.add(e);
      }
    }
    Manifest manifest = new Manifest(List.copyOf(directories.keySet()), roots, entries);
    Map<String, Path> sources = new LinkedHashMap<>();
    Map<String, Path> byLogicalPath = new LinkedHashMap<>();
    for (Pending p : pending) {
      byLogicalPath.put(p.logicalPath(), p.file());
    }
    for (Manifest.Entry e : manifest.entries()) {
      sources.putIfAbsent(
          e.sha256(), snapshots != null ? snapshots.path(e.sha256()) : byLogicalPath.get(e.path()));
    }
    return new LocalManifest(manifest, sources);
  }

  private static void walk(Path root, String logicalRoot, ExcludeGlobs excludes, List<Pending> out)
      throws IOException {
    Files.walkFileTree(
        root,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<Path>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && excludes.excludes(relative(root, dir), true)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              String rel = relative(root, file);
              if (!excludes.excludes(rel, false)) {
                out.add(new Pending(logicalRoot + "/" + rel, file));
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException || e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw new IOException("cannot read " + file + " to sync it: " + e.getMessage(), e);
          }
        });
  }

  private static String relative(Path root, Path file) {
    StringBuilder out = new StringBuilder();
    for (Path part : root.relativize(file)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }

  private Manifest.Entry[] hashAll(List<Pending> pending) throws IOException {
    Manifest.Entry[] out = new Manifest.Entry[pending.size()];
    int threads = Math.min(parallelism, pending.size());
    if (threads <= 1) {
      for (int i = 0; i < out.length; i++) {
        out[i] = hashOne(pending.get(i));
      }
      return out;
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, namedThreads());
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < out.length) {
                    out[i] = hashOne(pending.get(i));
                  }
                  return null;
                }));
      }
      for (Future<Void> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing files to sync");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof UncheckedIOException) {
        throw ((UncheckedIOException) cause).getCause();
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IOException("hashing failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** Hashes one file; {@code null} if it disappeared since the walk. */
  private Manifest.Entry hashOne(Pending p) throws IOException {
    try {
      BasicFileAttributes attrs;
      boolean executable;
      if (p.file().getFileSystem().supportedFileAttributeViews().contains("posix")) {
        PosixFileAttributes posix = Files.readAttributes(p.file(), PosixFileAttributes.class);
        attrs = posix;
        executable = posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
      } else {
        attrs = Files.readAttributes(p.file(), BasicFileAttributes.class);
        executable = Files.isExecutable(p.file());
      }
      HashCache.Hashed hashed =
          snapshots != null ? snapshot(p.file(), attrs) : cache.hashed(p.file(), attrs);
      return new Manifest.Entry(p.logicalPath(), hashed.sha256(), hashed.size(), executable);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The hash of {@code file} as snapshotted into the store (copied only if not there yet). */
  private HashCache.Hashed snapshot(Path file, BasicFileAttributes attrs) throws IOException {
    HashCache.Hashed known = cache.known(file, attrs);
    if (known != null && snapshots.has(known.sha256())) {
      return known;
    }
    long at = cache.now();
    BlobStore.Snapshot copied = snapshots.snapshot(file);
    HashCache.Hashed hashed = new HashCache.Hashed(copied.sha256(), copied.size());
    BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
    if (after.size() == copied.size()
        && attrs.size() == copied.size()
        && after.lastModifiedTime().equals(attrs.lastModifiedTime())) {
      cache.remember(file, attrs, hashed, at);
    }
    return hashed;
  }

  private static ThreadFactory namedThreads() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "sync-hash-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
