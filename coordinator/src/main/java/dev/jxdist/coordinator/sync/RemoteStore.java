package dev.jxdist.coordinator.sync;

import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.ssh.ExecResult;
import dev.jxdist.coordinator.ssh.HostFailure;
import dev.jxdist.coordinator.ssh.SftpChannel;
import dev.jxdist.coordinator.ssh.Shell;
import dev.jxdist.coordinator.ssh.SshHost;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The blob store of one SSH host (the {@code BlobStore} layout: {@code <cache>/blobs/<2 hex>/<sha256>},
 * read-only files; manifests at {@code <cache>/manifests/<manifest hash>.txt}; session directories
 * at {@code <cache>/sessions/<run id>}), and the sync that fills it.
 *
 * <p>{@link #sync} learns in one round trip (one {@code sh} script over SSH, the hashes on its
 * stdin) which blobs the host lacks, uploads only those over several SFTP channels of the one
 * connection at once (threads {@code sync-<host>-N}, living only during the sync), each to a
 * temporary name in its blob directory and then renamed into place, and last writes the manifest.
 * An interrupted sync never leaves a partial blob under a blob's name, and a rename never replaces a
 * blob another sync put there first. A manifest present on the host means its blobs were all there
 * when it was written. Thread-safe: syncs to the same store may run at once, here or elsewhere.
 */
public final class RemoteStore {

  /** The cache directory unless told otherwise ({@code --remote-cache}). */
  public static final String DEFAULT_CACHE_DIR = "~/.cache/jxdist";

  /** How many blobs are uploaded at once unless told otherwise. */
  public static final int DEFAULT_PARALLELISM = 4;

  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final int READ_ONLY = 0444;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SshHost host;
  private final String cacheDir;
  private final int parallelism;
  private volatile String root;

  /** The store in {@code cacheDir} on {@code host} ({@code ~/} is the remote user's home). */
  public RemoteStore(SshHost host, String cacheDir) {
    this(host, cacheDir, DEFAULT_PARALLELISM);
  }

  /** Like {@link #RemoteStore(SshHost, String)}, uploading {@code parallelism} blobs at once. */
  public RemoteStore(SshHost host, String cacheDir, int parallelism) {
    this.host = Objects.requireNonNull(host, "host");
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    if (cacheDir.isBlank()) {
      throw new IllegalArgumentException("the remote cache directory must not be empty");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    this.parallelism = parallelism;
  }

  /** The host as the host list names it. */
  public String hostName() {
    return host.name();
  }

  /**
   * Brings {@code local}'s blobs and manifest to the host: uploads the blobs it lacks, then the
   * manifest if it lacks that.
   *
   * @return the manifest's file count, the blobs uploaded (a blob shared by several files counts
   *     once), their bytes (the manifest's own bytes are not counted) and the time taken
   * @throws HostFailure naming the host and why the sync failed, in one line
   */
  public SyncStats sync(LocalManifest local) throws HostFailure {
    long start = System.nanoTime();
    Manifest manifest = local.manifest();
    byte[] manifestBytes = manifest.toBytes();
    String manifestHash = ContentHash.of(manifestBytes);
    SortedSet<String> blobs = manifest.blobs();
    StoreScript.Check check = check(blobs, manifestHash);
    Map<String, Long> sizes = manifest.blobSizes();
    List<String> todo = new ArrayList<>(check.missing());
    // Largest first, so that the last uploads to finish are small ones.
    todo.sort(Comparator.comparing((String h) -> sizes.get(h)).reversed());
    long bytes = uploadAll(todo, sizes, local);
    if (!check.manifestPresent() || !todo.isEmpty()) {
      runScript(
          "writing the manifest",
          StoreScript.putManifest(check.root(), manifestHash),
          manifestBytes);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new SyncStats(manifest.entries().size(), todo.size(), bytes, seconds);
  }

  /**
   * Those of {@code hashes} whose blobs the host's store lacks (a temporary file of an interrupted
   * upload does not count), in one round trip; creates the store's directories if needed.
   */
  public SortedSet<String> missing(Collection<String> hashes) throws HostFailure {
    return check(hashes, ContentHash.of(new byte[0])).missing();
  }

  /** The store's absolute directory on the host, created if needed. */
  public String root() throws HostFailure {
    String known = root;
    if (known == null) {
      ExecResult result = runScript("creating the cache", StoreScript.root(cacheDir), null);
      String printed = result.stdout().strip();
      if (!printed.startsWith("/")) {
        throw new HostFailure(
            host.name(), "cannot find the cache directory " + cacheDir + " ('" + printed + "')");
      }
      root = printed;
      known = printed;
    }
    return known;
  }

  /** Where the blob {@code sha256} lives on the host (whether or not it is there). */
  public String blobPath(String sha256) throws HostFailure {
    ContentHash.requireValid(sha256);
    return root() + "/blobs/" + sha256.substring(0, 2) + "/" + sha256;
  }

  /** Where {@link #sync} puts {@code manifest} on the host. */
  public String manifestPath(Manifest manifest) throws HostFailure {
    return root() + "/manifests/" + manifest.hash() + ".txt";
  }

  /**
   * The session directory of run {@code runId} on the host: where the worker lays the classpath and
   * project out. Not created here.
   *
   * @throws IllegalArgumentException if {@code runId} is not a plain name (letters, digits, {@code
   *     .}, {@code _}, {@code -}, not starting with {@code .})
   */
  public String sessionDir(String runId) throws HostFailure {
    if (!RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException(
          "run id '" + runId + "' must be letters, digits, '.', '_' or '-'");
    }
    return root() + "/sessions/" + runId;
  }

  /** Deletes the session directory of run {@code runId} and all in it; the blobs stay. */
  public void removeSession(String runId) throws HostFailure {
    String dir = sessionDir(runId);
    runScript("removing the session " + dir, "rm -rf " + Shell.quote(dir) + "\n", null);
  }

  @Override
  public String toString() {
    return "blob store " + cacheDir + " on " + host.name();
  }

  private StoreScript.Check check(Collection<String> hashes, String manifestHash)
      throws HostFailure {
    ExecResult result =
        runScript(
            "checking the cache",
            StoreScript.check(cacheDir, manifestHash),
            StoreScript.hashList(hashes));
    try {
      StoreScript.Check check = StoreScript.parseCheck(result.stdout(), hashes);
      root = check.root();
      return check;
    } catch (IOException e) {
      throw new HostFailure(host.name(), e.getMessage() + " while checking the cache", e);
    }
  }

  private ExecResult runScript(String what, String script, byte[] stdin) throws HostFailure {
    ExecResult result = host.exec(Shell.sh(script), stdin, SCRIPT_TIMEOUT);
    if (!result.succeeded()) {
      String where = root != null ? root : cacheDir;
      throw new HostFailure(
          host.name(), SyncFailures.ofScript(what, where, result.firstErrorLine()));
    }
    return result;
  }

  private long uploadAll(List<String> todo, Map<String, Long> sizes, LocalManifest local)
      throws HostFailure {
    if (todo.isEmpty()) {
      return 0;
    }
    String storeRoot = root();
    ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(todo);
    AtomicLong bytes = new AtomicLong();
    AtomicLong remaining = new AtomicLong();
    todo.forEach(h -> remaining.addAndGet(sizes.get(h)));
    AtomicReference<HostFailure> failure = new AtomicReference<>();
    int threads = Math.min(parallelism, todo.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, threadFactory());
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        workers.add(
            pool.submit(
                () -> {
                  try (SftpChannel channel = host.openSftp()) {
                    String hash;
                    while (failure.get() == null && (hash = queue.poll()) != null) {
                      Path source =
                          local
                              .source(hash)
                              .orElseThrow(() -> new IllegalStateException("no source"));
                      long size = sizes.get(hash);
                      bytes.addAndGet(upload(channel, storeRoot, hash, source, remaining));
                      remaining.addAndGet(-size);
                    }
                  } catch (HostFailure e) {
                    failure.compareAndSet(null, e);
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostFailure(host.name(), "interrupted while syncing", e);
    } catch (ExecutionException e) {
      throw new HostFailure(host.name(), "sync failed (" + e.getCause() + ")", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return bytes.get();
  }

  /**
   * Uploads one blob; {@code remaining} is what this sync still has to upload, including this blob:
   * if the host has less free space than that when a write fails, its disk is full.
   */
  private long upload(
      SftpChannel channel, String storeRoot, String hash, Path source, AtomicLong remaining)
      throws HostFailure {
    String dir = storeRoot + "/blobs/" + hash.substring(0, 2);
    String target = dir + "/" + hash;
    byte[] suffix = new byte[6];
    RANDOM.nextBytes(suffix);
    String tmp = dir + "/" + hash + "." + HexFormat.of().formatHex(suffix) + ".tmp";
    MessageDigest digest = sha256();
    try {
      long sent;
      try (InputStream in = new DigestInputStream(new LocalInput(source), digest)) {
        sent = channel.upload(in, tmp, READ_ONLY);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(hash)) {
        deleteQuietly(channel, tmp);
        throw new HostFailure(
            host.name(),
            source + " changed while it was synced (its content no longer hashes as the"
                + " manifest says); sync again");
      }
      channel.renameNoClobber(tmp, target);
      return sent;
    } catch (LocalReadFailure e) {
      deleteQuietly(channel, tmp);
      throw new HostFailure(
          host.name(),
          "cannot read " + source + " (" + e.getCause().getMessage() + "); sync again",
          e);
    } catch (IOException e) {
      deleteQuietly(channel, tmp);
      String error = String.valueOf(e.getMessage());
      throw new HostFailure(
          host.name(),
          SyncFailures.ofUpload(source.toString(), tmp, remaining.get(), freeBytes(dir), error),
          e);
    }
  }

  /** Free bytes for this user in {@code dir} on the host, or -1 if that cannot be learned. */
  private long freeBytes(String dir) {
    try {
      ExecResult df = host.exec("df -Pk " + Shell.quote(dir), Duration.ofSeconds(20));
      List<String> lines = df.stdout().lines().toList();
      if (!df.succeeded() || lines.size() < 2) {
        return -1;
      }
      String[] fields = lines.get(lines.size() - 1).trim().split("\\s+");
      return Long.parseLong(fields[3]) * 1024;
    } catch (HostFailure | RuntimeException e) {
      return -1;
    }
  }

  private static void deleteQuietly(SftpChannel channel, String path) {
    try {
      channel.deleteIfExists(path);
    } catch (IOException | RuntimeException e) {
      // A stale temporary file is never read as a blob; BlobStore cleans such files up.
    }
  }

  private ThreadFactory threadFactory() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "sync-" + host.name() + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /** A read failure of the local file, told apart from a failure to write to the host. */
  private static final class LocalReadFailure extends IOException {
    private static final long serialVersionUID = 1L;

    LocalReadFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** A local file whose read failures are {@link LocalReadFailure}s. */
  private static final class LocalInput extends FilterInputStream {

    LocalInput(Path file) throws LocalReadFailure {
      super(open(file));
    }

    private static InputStream open(Path file) throws LocalReadFailure {
      try {
        return Files.newInputStream(file);
      } catch (IOException e) {
        throw new LocalReadFailure(e);
      }
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new LocalReadFailure(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new LocalReadFailure(e);
      }
    }
  }
}
