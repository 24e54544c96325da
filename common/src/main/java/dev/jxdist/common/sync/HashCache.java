package dev.jxdist.common.sync;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers the SHA-256 of files by absolute path, size and modification time, so that a file that
 * has not changed since it was last hashed is not read again. Thread-safe.
 *
 * <p>A remembered hash is trusted only if the file's modification time is more than {@link
 * #RACY_WINDOW} older than the moment it was hashed: a file written again within the timestamp
 * granularity of its file system, with the same size, would otherwise keep a stale hash (git's
 * "racy clean" problem). Such a file is simply hashed again on the next lookup.
 *
 * <p>The cache file is UTF-8 text: the line {@value #HEADER}, then one line per file, sorted by
 * path: {@code <sha256> <size> <mtime-nanos> <hashed-at-millis> <path>}, the path escaped as in the
 * manifest ({@code %}, control characters and DEL as {@code %XX}). A file that is missing,
 * unreadable or not in this format is ignored: the cache starts empty and {@link #save} rewrites
 * it.
 */
public final class HashCache {

  /** First line of a cache file; a file with any other first line is ignored. */
  public static final String HEADER = "jxdist-hash-cache 1";

  /** How much older than its hashing a file's mtime must be for the hash to be trusted later. */
  public static final Duration RACY_WINDOW = Duration.ofSeconds(2);

  private static final int MAX_ATTEMPTS = 3;

  private record Entry(String sha256, long size, long mtimeNanos, long hashedAtMillis) {}

  private final Path file;
  private final Clock clock;
  private final Map<String, Entry> entries;
  private final Set<String> used = ConcurrentHashMap.newKeySet();
  private final AtomicLong filesHashed = new AtomicLong();
  private final AtomicLong bytesHashed = new AtomicLong();

  private HashCache(Path file, Clock clock, Map<String, Entry> entries) {
    this.file = file;
    this.clock = clock;
    this.entries = entries;
  }

  /** A cache backed by {@code file}, loaded now if it exists and is valid. */
  public static HashCache load(Path file) {
    return load(file, Clock.systemUTC());
  }

  /** As {@link #load(Path)}, with the clock that stamps each hashing. */
  public static HashCache load(Path file, Clock clock) {
    return new HashCache(file.toAbsolutePath(), clock, read(file));
  }

  /** A cache kept in memory only; {@link #save} does nothing. */
  public static HashCache inMemory() {
    return inMemory(Clock.systemUTC());
  }

  /** As {@link #inMemory()}, with the clock that stamps each hashing. */
  public static HashCache inMemory(Clock clock) {
    return new HashCache(null, clock, new ConcurrentHashMap<>());
  }

  /** The SHA-256 of a regular file, from the cache if the file is unchanged. */
  public String hash(Path path) throws IOException {
    return hash(path, Files.readAttributes(path, BasicFileAttributes.class));
  }

  /**
   * The SHA-256 of a regular file whose attributes the caller has just read (saves a stat when
   * walking a tree).
   *
   * @throws IOException if the file cannot be read, is not a regular file, or keeps changing while
   *     it is hashed
   */
  public String hash(Path path, BasicFileAttributes attributes) throws IOException {
    return hashed(path, attributes).sha256();
  }

  /** A hash with the size of the content it was computed from. */
  record Hashed(String sha256, long size) {}

  /** As {@link #hash(Path, BasicFileAttributes)}, with the size the hash belongs to. */
  Hashed hashed(Path path, BasicFileAttributes attributes) throws IOException {
    if (!attributes.isRegularFile()) {
      throw new IOException(path + " is not a regular file, so it cannot be synced");
    }
    Hashed remembered = known(path, attributes);
    if (remembered != null) {
      return remembered;
    }
    String key = path.toAbsolutePath().normalize().toString();
    long size = attributes.size();
    long mtime = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      long hashedAt = clock.millis();
      String sha256 = ContentHash.of(path);
      filesHashed.incrementAndGet();
      bytesHashed.addAndGet(size);
      BasicFileAttributes after = Files.readAttributes(path, BasicFileAttributes.class);
      long afterMtime = after.lastModifiedTime().to(TimeUnit.NANOSECONDS);
      if (after.size() == size && afterMtime == mtime) {
        entries.put(key, new Entry(sha256, size, mtime, hashedAt));
        return new Hashed(sha256, size);
      }
      size = after.size();
      mtime = afterMtime;
    }
    throw new IOException(
        path + " kept changing while it was hashed; wait for whatever writes it, then sync again");
  }

  /**
   * The remembered hash of {@code path} if the file is unchanged since it was hashed (same size and
   * modification time, outside the racy window); {@code null} if it must be read. Reads nothing.
   */
  Hashed known(Path path, BasicFileAttributes attributes) {
    String key = path.toAbsolutePath().normalize().toString();
    used.add(key);
    long size = attributes.size();
    long mtime = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    Entry known = entries.get(key);
    if (known != null && known.size() == size && known.mtimeNanos() == mtime && trusted(known)) {
      return new Hashed(known.sha256(), size);
    }
    return null;
  }

  /**
   * Remembers that {@code path}, with the {@code attributes} read before its content was read at
   * {@code hashedAtMillis}, hashed to {@code hashed}: the caller read it whole and found the
   * attributes unchanged afterwards.
   */
  void remember(Path path, BasicFileAttributes attributes, Hashed hashed, long hashedAtMillis) {
    String key = path.toAbsolutePath().normalize().toString();
    used.add(key);
    long mtime = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    entries.put(key, new Entry(hashed.sha256(), hashed.size(), mtime, hashedAtMillis));
    filesHashed.incrementAndGet();
    bytesHashed.addAndGet(hashed.size());
  }

  /** The clock's time in milliseconds, for {@link #remember}. */
  long now() {
    return clock.millis();
  }

  private static boolean trusted(Entry entry) {
    long horizonNanos =
        TimeUnit.MILLISECONDS.toNanos(entry.hashedAtMillis() - RACY_WINDOW.toMillis());
    return entry.mtimeNanos() < horizonNanos;
  }

  /** How many times this cache has read a file to hash it (cache misses), since it was created. */
  public long filesHashed() {
    return filesHashed.get();
  }

  /** How many bytes this cache has hashed since it was created. */
  public long bytesHashed() {
    return bytesHashed.get();
  }

  /** How many files the cache remembers. */
  public int size() {
    return entries.size();
  }

  /** The backing file, or {@code null} for an in-memory cache. */
  public Path file() {
    return file;
  }

  /**
   * Writes the cache to its file atomically (a temporary file in the same directory, then a
   * rename). Files that were not looked up since the cache was loaded and no longer exist are
   * dropped first. Does nothing for an in-memory cache.
   */
  public void save() throws IOException {
    if (file == null) {
      return;
    }
    entries.entrySet().removeIf(e -> !used.contains(e.getKey()) && !exists(e.getKey()));
    Map<String, Entry> snapshot = new TreeMap<>(entries);
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
    try {
      try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        out.write(HEADER);
        out.write('\n');
        for (Map.Entry<String, Entry> e : snapshot.entrySet()) {
          Entry v = e.getValue();
          out.write(
              v.sha256()
                  + ' '
                  + v.size()
                  + ' '
                  + v.mtimeNanos()
                  + ' '
                  + v.hashedAtMillis()
                  + ' '
                  + PathText.escape(e.getKey())
                  + '\n');
        }
      }
      moveIntoPlace(tmp, file);
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private static boolean exists(String key) {
    try {
      return Files.exists(Path.of(key));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** Renames {@code tmp} over {@code target}, atomically where the file system can. */
  static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Map<String, Entry> read(Path file) {
    Map<String, Entry> map = new ConcurrentHashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return map; // missing, unreadable or not UTF-8: start empty
    }
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      return map;
    }
    try {
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(" ", 5);
        if (f.length != 5 || !ContentHash.isValid(f[0])) {
          return new ConcurrentHashMap<>();
        }
        long size = Long.parseLong(f[1]);
        if (size < 0) {
          return new ConcurrentHashMap<>();
        }
        map.put(
            PathText.unescape(f[4]),
            new Entry(f[0], size, Long.parseLong(f[2]), Long.parseLong(f[3])));
      }
    } catch (IllegalArgumentException e) {
      return new ConcurrentHashMap<>(); // NumberFormatException included: a corrupt file
    }
    return map;
  }
}
