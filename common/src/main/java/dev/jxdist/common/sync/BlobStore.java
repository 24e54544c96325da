package dev.jxdist.common.sync;

import dev.jxdist.common.files.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A content-addressed store of files on one host: the blob with SHA-256 {@code h} is the file
 * {@code <root>/blobs/<first two hex digits of h>/<h>}, readable by its owner only ({@code 0400},
 * in directories that only the owner may enter). A blob appears under its name only once its whole
 * content has been received and verified, so a reader never sees a partial or corrupt blob. Safe
 * for concurrent use by threads and processes sharing the directory.
 *
 * <p>On the coordinator the same store keeps the snapshots of the files a run sends ({@link
 * #snapshot}), so that what is sent is what was hashed even if the file changes meanwhile.
 */
public final class BlobStore {

  /** Suffix of a blob being received; such files are never read as blobs. */
  static final String TEMP_SUFFIX = ".tmp";

  /**
   * How long a store keeps a blob no run used, everywhere jxdist keeps one (this machine's
   * snapshots, SSH hosts, joiners): long enough that a branch tested again after weeks finds its
   * jars, short enough that a store holds what its runs use lately rather than every file version.
   */
  public static final Duration KEPT_UNUSED = Duration.ofDays(30);

  /**
   * The file in the root whose lock keeps {@link #whileInUse} and {@link #deleteUnused} apart, in
   * every process. The store scripts of SSH hosts hold the same file with {@code flock(1)}, whose
   * locks Linux keeps apart from Java's; a store that is both (this machine as one of its own
   * hosts, or a joiner's store that a host uses too) is kept apart through {@link FlockTable}.
   */
  static final String USE_LOCK = ".use.lock";

  /** How often work that waits for a store script's deletion to end looks again. */
  private static final Duration SCRIPT_DELETION_POLL = Duration.ofMillis(20);

  private static final FlockTable FLOCKS = new FlockTable(FlockTable.PROC_LOCKS);

  private final Path root;
  private final Path blobs;

  /** The store under {@code root}; nothing is created until the first {@link #put}. */
  public BlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.blobs = this.root.resolve("blobs");
  }

  /** The store's root directory. */
  public Path root() {
    return root;
  }

  /**
   * Where the blob {@code sha256} lives (whether or not it is there).
   *
   * @throws IllegalArgumentException if {@code sha256} is not 64 lowercase hex digits
   */
  public Path path(String sha256) {
    ContentHash.requireValid(sha256);
    return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  /** Whether the blob is in the store. */
  public boolean has(String sha256) {
    return Files.isRegularFile(path(sha256));
  }

  /** The blobs that {@code manifest} needs and the store lacks, sorted. */
  public SortedSet<String> missing(Manifest manifest) {
    return missing(manifest.blobs());
  }

  /** Those of {@code hashes} that the store lacks, sorted. */
  public SortedSet<String> missing(Collection<String> hashes) {
    SortedSet<String> out = new TreeSet<>();
    for (String h : hashes) {
      if (!has(h)) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * Reads {@code content} to its end into the blob {@code sha256}: it is written under a temporary
   * name in the blob's directory while its SHA-256 is computed, then, if that matches, made
   * read-only and renamed into place atomically. If anything fails (the stream throws, the hash
   * differs, the disk is full) the temporary file is deleted and nothing appears under the blob's
   * name. Does not close {@code content}.
   *
   * @return {@code true} if this call stored the blob, {@code false} if it was already there (the
   *     content is still read and verified)
   * @throws IOException on a read or write failure, or if the content does not hash to {@code
   *     sha256} (the message names both hashes)
   */
  public boolean put(String sha256, InputStream content) throws IOException {
    Objects.requireNonNull(content, "content");
    Path target = path(sha256);
    Path dir = shard(sha256);
    Path tmp = Files.createTempFile(dir, sha256 + ".", TEMP_SUFFIX);
    try {
      MessageDigest digest = ContentHash.newDigest();
      byte[] buffer = new byte[ContentHash.BUFFER_SIZE];
      try (OutputStream out = Files.newOutputStream(tmp)) {
        int n;
        while ((n = content.read(buffer)) != -1) {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      String actual = ContentHash.hex(digest.digest());
      if (!actual.equals(sha256)) {
        throw new Mismatch(
            "blob "
                + sha256
                + " was received with content hashing to "
                + actual
                + "; it was discarded (the source changed during the sync or the transfer was"
                + " corrupted), sync again");
      }
      makeReadOnly(tmp);
      if (Files.isRegularFile(target)) {
        Files.delete(tmp);
        return false;
      }
      HashCache.moveIntoPlace(tmp, target);
      return true;
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** A blob whose content did not hash to its name; nothing was stored. */
  public static final class Mismatch extends IOException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message);
    }
  }

  /** A snapshot: the hash and size of the content that was copied. */
  public record Snapshot(String sha256, long size) {}

  /**
   * Copies {@code file} into the store under the hash of what was copied, so that the blob is what
   * the hash says even if the file is being written meanwhile (a log being appended to): its
   * content at some moment of the copy, or a part of it.
   *
   * @throws IOException naming the file if it cannot be read
   */
  public Snapshot snapshot(Path file) throws IOException {
    Path tmpDir = shard("00");
    Path tmp = Files.createTempFile(tmpDir, "snapshot.", TEMP_SUFFIX);
    try {
      MessageDigest digest = ContentHash.newDigest();
      byte[] buffer = new byte[ContentHash.BUFFER_SIZE];
      long size = 0;
      try (InputStream in = Files.newInputStream(file);
          OutputStream out = Files.newOutputStream(tmp)) {
        int n;
        while ((n = in.read(buffer)) != -1) {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
          size += n;
        }
      } catch (NoSuchFileException e) {
        throw e; // gone since it was listed: the caller leaves it out
      } catch (IOException e) {
        throw new IOException("cannot snapshot " + file + " into " + root + ": " + e, e);
      }
      String sha256 = ContentHash.hex(digest.digest());
      Path target = path(sha256);
      if (Files.isRegularFile(target)) {
        return new Snapshot(sha256, size);
      }
      makeReadOnly(tmp);
      shard(sha256);
      HashCache.moveIntoPlace(tmp, target);
      return new Snapshot(sha256, size);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The directory of the blobs whose hash starts as {@code sha256} does, made if needed. */
  private Path shard(String sha256) throws IOException {
    Path dir = blobs.resolve(sha256.substring(0, 2));
    if (!Files.isDirectory(dir)) {
      if (!Files.isDirectory(blobs)) {
        PrivateFiles.directory(root);
        PrivateFiles.directory(blobs);
      }
      PrivateFiles.directories(dir);
    }
    return dir;
  }

  /** The total size in bytes of the blobs in the store (temporary files not counted). */
  public long size() throws IOException {
    long[] total = {0};
    forEachFile(
        (file, attrs) -> {
          if (ContentHash.isValid(file.getFileName().toString())) {
            total[0] += attrs.size();
          }
        });
    return total[0];
  }

  /**
   * Marks the blobs {@code hashes} as used now (their modification time), for {@link
   * #evictLeastRecentlyUsed}: a blob's content never changes, so its time says when it was last
   * stored or laid out. Blobs that are not in the store are skipped.
   */
  public void markUsed(Collection<String> hashes) throws IOException {
    FileTime now = FileTime.from(Instant.now());
    for (String h : hashes) {
      try {
        Files.setLastModifiedTime(path(h), now);
      } catch (NoSuchFileException e) {
        // Evicted or never fetched: nothing to mark.
      }
    }
  }

  /** What an eviction removed. */
  public record Eviction(int blobs, long bytes) {}

  /**
   * Deletes blobs, least recently used first ({@link #markUsed}), until the store holds at most
   * {@code maxBytes}; never a blob used at or after {@code keepUsedSince} (those of runs still
   * going), so the store may stay above the limit while they run. Laid-out files are hard links or
   * copies, so a session that still uses an evicted blob keeps its content.
   */
  public Eviction evictLeastRecentlyUsed(long maxBytes, Instant keepUsedSince) throws IOException {
    List<Used> blobFiles = new ArrayList<>();
    long[] total = {0};
    forEachFile(
        (file, attrs) -> {
          if (ContentHash.isValid(file.getFileName().toString())) {
            total[0] += attrs.size();
            blobFiles.add(new Used(file, attrs.lastModifiedTime().toInstant(), attrs.size()));
          }
        });
    blobFiles.sort(Comparator.comparing(Used::at));
    int count = 0;
    long freed = 0;
    for (Used f : blobFiles) {
      if (total[0] - freed <= maxBytes || !f.at().isBefore(keepUsedSince)) {
        break;
      }
      if (Files.deleteIfExists(f.file())) {
        count++;
        freed += f.size();
      }
    }
    return new Eviction(count, freed);
  }

  private record Used(Path file, Instant at, long size) {}

  /** Work done with the store in use ({@link #whileInUse}). */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws IOException;
  }

  /**
   * This JVM's shared hold of each store's use lock, by root, and how much work holds it: a JVM may
   * lock a file only once (and closing any of its channels to the file may release every lock it
   * holds there), so the work in one JVM shares one hold. Guards the holds and every deletion.
   */
  private static final Map<Path, UseHold> HOLDS = new HashMap<>();

  private static final class UseHold {
    final FileChannel channel;
    int works;

    UseHold(FileChannel channel) {
      this.channel = channel;
    }
  }

  /**
   * Does {@code work} holding off {@link #deleteUnused}, in this process and every other: for work
   * that finds blobs in the store and relies on them until it has marked them used ({@link
   * #markUsed}). Waits while a deletion runs, a store script's too; other work, here or in other
   * processes, may use the store at once.
   */
  public <T> T whileInUse(Work<T> work) throws IOException {
    synchronized (HOLDS) {
      UseHold hold = HOLDS.get(root);
      if (hold == null) {
        FileChannel channel = useLockChannel();
        try {
          channel.lock(0, Long.MAX_VALUE, true);
          // Held now: a script's deletion that starts from here on sees it and deletes nothing.
          awaitNoScriptDeletion();
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
        hold = new UseHold(channel);
        HOLDS.put(root, hold);
      }
      hold.works++;
    }
    try {
      return work.run();
    } finally {
      synchronized (HOLDS) {
        UseHold hold = HOLDS.get(root);
        if (--hold.works == 0) {
          HOLDS.remove(root);
          hold.channel.close(); // releases the lock
        }
      }
    }
  }

  /**
   * Deletes the blobs not used ({@link #markUsed}) since {@code usedSince}, unless work holds
   * {@link #whileInUse} meanwhile, in this process or another, or a store script's check is finding
   * blobs: then deletes nothing, and a later call does. Laid-out files are hard links or copies, so
   * a session that still uses a deleted blob keeps its content.
   */
  public Eviction deleteUnused(Instant usedSince) throws IOException {
    return evictUnlessInUse(0, usedSince);
  }

  /**
   * {@link #evictLeastRecentlyUsed}, unless work holds {@link #whileInUse} meanwhile, in this
   * process or another, or a store script's check is finding blobs: then evicts nothing, and a
   * later call does.
   */
  public Eviction evictUnlessInUse(long maxBytes, Instant keepUsedSince) throws IOException {
    synchronized (HOLDS) { // no work of this JVM takes the store up meanwhile
      if (HOLDS.containsKey(root)) {
        return new Eviction(0, 0);
      }
      try (FileChannel channel = useLockChannel();
          FileLock lock = channel.tryLock()) {
        // Held now: a store script's check that starts from here on sees it and waits.
        return lock == null || FLOCKS.anyHeld(root.resolve(USE_LOCK))
            ? new Eviction(0, 0)
            : evictLeastRecentlyUsed(maxBytes, keepUsedSince);
      }
    }
  }

  /** Waits while a store script deletes unused blobs (it holds the use lock with {@code flock}). */
  private void awaitNoScriptDeletion() throws IOException {
    while (FLOCKS.exclusiveHeld(root.resolve(USE_LOCK))) {
      try {
        Thread.sleep(SCRIPT_DELETION_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(
            "interrupted while a store script deleted unused blobs in " + root);
      }
    }
  }

  private FileChannel useLockChannel() throws IOException {
    PrivateFiles.directory(root);
    Path file = root.resolve(USE_LOCK);
    Set<StandardOpenOption> options =
        Set.of(
            StandardOpenOption.CREATE,
            StandardOpenOption.READ, // for the shared lock
            StandardOpenOption.WRITE); // for the exclusive one
    return root.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE))
        : FileChannel.open(file, options);
  }

  /**
   * Deletes temporary files last modified before {@code olderThan}: what puts left behind when
   * their process was killed. Pass a time well before any put that may still be running.
   *
   * @return how many were deleted
   */
  public int deleteStaleTemporaries(Instant olderThan) throws IOException {
    int[] count = {0};
    IOException[] failure = {null};
    forEachFile(
        (file, attrs) -> {
          if (file.getFileName().toString().endsWith(TEMP_SUFFIX)
              && attrs.lastModifiedTime().toInstant().isBefore(olderThan)) {
            try {
              if (Files.deleteIfExists(file)) {
                count[0]++;
              }
            } catch (IOException e) {
              failure[0] = e;
            }
          }
        });
    if (failure[0] != null) {
      throw failure[0];
    }
    return count[0];
  }

  private interface FileVisitor {
    void visit(Path file, BasicFileAttributes attrs);
  }

  private void forEachFile(FileVisitor visitor) throws IOException {
    if (!Files.isDirectory(blobs)) {
      return;
    }
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(blobs)) {
      for (Path shard : shards) {
        if (!Files.isDirectory(shard)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
          for (Path file : files) {
            BasicFileAttributes attrs;
            try {
              attrs = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
              continue; // a temporary file that was just renamed or deleted
            }
            if (attrs.isRegularFile()) {
              visitor.visit(file, attrs);
            }
          }
        }
      }
    }
  }

  /**
   * Makes a file readable by its owner only (and not writable, nor executable): blobs are shared by
   * hard links.
   */
  static void makeReadOnly(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PrivateFiles.READ_ONLY);
    } else if (!file.toFile().setReadOnly()) {
      throw new IOException("cannot make " + file + " read-only");
    }
  }

  @Override
  public String toString() {
    return "BlobStore[" + root + "]";
  }
}
