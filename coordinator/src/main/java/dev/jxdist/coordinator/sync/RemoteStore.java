package dev.jxdist.coordinator.sync;

import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.coordinator.report.SyncListener;
import dev.jxdist.coordinator.report.SyncStats;
import dev.jxdist.coordinator.ssh.ExecResult;
import dev.jxdist.coordinator.ssh.HeldCommand;
import dev.jxdist.coordinator.ssh.HostFailure;
import dev.jxdist.coordinator.ssh.Shell;
import dev.jxdist.coordinator.ssh.SshHost;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.regex.Pattern;

/**
 * The blob store of one SSH host (the {@code BlobStore} layout: {@code <cache>/blobs/<2
 * hex>/<sha256>}, read-only files; manifests at {@code <cache>/manifests/<manifest hash>.txt};
 * session directories at {@code <cache>/sessions/<run id>}), and the sync that fills it.
 *
 * <p>{@link #sync} learns in one round trip (one {@code sh} script over SSH, the hashes on its
 * stdin) which blobs the host lacks, cleaning up what interrupted syncs and ended runs left there
 * on the way ({@link StoreScript#cleanup}); then sends only those, with the manifest, as one tar
 * stream into one script ({@link StoreScript#receive}) that unpacks them in a directory of its own,
 * hashes each on the host and renames those that hash to their name into place, and last the
 * manifest. An upload of {@value #DEFAULT_BULK_BYTES} bytes or more goes through the OpenSSH client
 * ({@link SshHost#execBulk}), a smaller one over the open connection. An interrupted sync never
 * leaves a partial blob under a blob's name; blobs that arrive damaged are sent again, and a sync
 * whose blob keeps arriving damaged fails naming the file. The sources are the snapshots of {@link
 * SuiteManifests}, so a project file that changes meanwhile does not matter. A manifest present on
 * the host means its blobs were all there when it was written. Thread-safe: syncs to the same store
 * may run at once, here or elsewhere.
 */
public final class RemoteStore {

  /** The cache directory unless told otherwise ({@code --remote-cache}). */
  public static final String DEFAULT_CACHE_DIR = "~/.cache/jxdist";

  /**
   * Uploads of this many bytes or more go through the OpenSSH client when there is one: below that,
   * its own connection costs more than it saves.
   */
  public static final long DEFAULT_BULK_BYTES = 4L << 20;

  /** How often a blob that arrives damaged is sent in all before the sync fails. */
  static final int UPLOAD_ATTEMPTS = 3;

  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

  /** The slowest link an upload is given time for, after {@link #SCRIPT_TIMEOUT}. */
  private static final long MIN_BYTES_PER_SECOND = 1_000_000;

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SshHost host;
  private final String cacheDir;
  private final long bulkBytes;
  private volatile String root;

  /** The store in {@code cacheDir} on {@code host} ({@code ~/} is the remote user's home). */
  public RemoteStore(SshHost host, String cacheDir) {
    this(host, cacheDir, DEFAULT_BULK_BYTES);
  }

  /**
   * Like {@link #RemoteStore(SshHost, String)}; uploads of {@code bulkBytes} or more go through the
   * OpenSSH client ({@code 0}: all, {@link Long#MAX_VALUE}: none).
   */
  public RemoteStore(SshHost host, String cacheDir, long bulkBytes) {
    this.host = Objects.requireNonNull(host, "host");
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    if (cacheDir.isBlank()) {
      throw new IllegalArgumentException("the remote cache directory must not be empty");
    }
    if (bulkBytes < 0) {
      throw new IllegalArgumentException("bulkBytes must not be negative: " + bulkBytes);
    }
    this.bulkBytes = bulkBytes;
  }

  /** The host as the host list names it. */
  public String hostName() {
    return host.name();
  }

  /** Like {@link #sync(LocalManifest, SyncListener)}, telling no one how it goes. */
  public SyncStats sync(LocalManifest local) throws HostFailure {
    return sync(local, SyncListener.NONE);
  }

  /**
   * Brings {@code local}'s blobs and manifest to the host: uploads the blobs it lacks, then the
   * manifest if it lacks that; tells {@code listener} how the upload goes.
   *
   * @return the manifest's file count, the blobs uploaded (a blob shared by several files counts
   *     once), their bytes (the manifest's own bytes are not counted) and the time taken
   * @throws HostFailure naming the host and why the sync failed, in one line
   */
  public SyncStats sync(LocalManifest local, SyncListener listener) throws HostFailure {
    long start = System.nanoTime();
    Manifest manifest = local.manifest();
    byte[] manifestBytes = manifest.toBytes();
    String manifestHash = ContentHash.of(manifestBytes);
    StoreScript.Check check = check(manifest.blobs(), manifestHash);
    Map<String, Long> sizes = manifest.blobSizes();
    List<BlobTar.Blob> todo = new ArrayList<>();
    for (String hash : check.missing()) {
      todo.add(
          new BlobTar.Blob(
              hash,
              local.source(hash).orElseThrow(() -> new IllegalStateException("no source")),
              sizes.get(hash)));
    }
    long bytes = 0;
    int uploaded = todo.size();
    for (int attempt = 1; !todo.isEmpty(); attempt++) {
      bytes += todo.stream().mapToLong(BlobTar.Blob::size).sum();
      SortedSet<String> damaged = upload(check.root(), todo, manifestBytes, manifestHash, listener);
      if (!damaged.isEmpty() && attempt == UPLOAD_ATTEMPTS) {
        String hash = damaged.first();
        String file =
            manifest.entries().stream()
                .filter(e -> e.sha256().equals(hash))
                .map(Manifest.Entry::path)
                .findFirst()
                .orElse("blob " + hash);
        throw new HostFailure(
            host.name(),
            file
                + " arrived damaged "
                + UPLOAD_ATTEMPTS
                + " times (its content does not hash to "
                + hash
                + "); the link corrupts data, or this machine's snapshot in ~/.cache/jxdist/blobs"
                + " is damaged");
      }
      todo = todo.stream().filter(b -> damaged.contains(b.sha256())).toList();
    }
    if (uploaded == 0 && !check.manifestPresent()) { // else it went with the last upload
      runScript(
          "writing the manifest",
          StoreScript.putManifest(check.root(), manifestHash),
          manifestBytes);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new SyncStats(manifest.entries().size(), uploaded, bytes, seconds);
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

  /**
   * Makes the session directory of run {@code runId} and locks it for as long as the returned
   * session is open: no sync's clean-up removes it meanwhile, from this coordinator or another.
   *
   * @throws HostFailure if it cannot be made
   */
  public SessionDirectoryLock lockSessionDirectory(String runId) throws HostFailure {
    String dir = sessionDir(runId);
    HeldCommand lock;
    try {
      lock = host.hold(Shell.sh(StoreScript.holdSession(dir)), LOCK_TIMEOUT);
    } catch (HostFailure e) {
      throw new HostFailure(
          host.name(), "cannot make the session directory " + dir + " (" + e.reason() + ")", e);
    }
    String first = lock.firstLine().strip();
    if (!first.equals(StoreScript.LOCKED) && !first.equals(StoreScript.UNLOCKED)) {
      lock.close();
      throw new HostFailure(
          host.name(), "cannot make the session directory " + dir + " (" + first + ")");
    }
    return new SessionDirectoryLock(this, runId, dir, lock);
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
      throw new HostFailure(host.name(), SyncFailures.ofScript(what, where, result));
    }
    return result;
  }

  /**
   * Sends {@code todo} and the manifest to the store at {@code storeRoot}; the blobs that arrived
   * damaged (discarded on the host; the manifest is then not written).
   */
  private SortedSet<String> upload(
      String storeRoot,
      List<BlobTar.Blob> todo,
      byte[] manifestBytes,
      String manifestHash,
      SyncListener listener)
      throws HostFailure {
    long total = todo.stream().mapToLong(BlobTar.Blob::size).sum();
    String name = host.name();
    BlobTar tar =
        new BlobTar(
            todo,
            manifestBytes,
            (files, bytes) -> listener.uploading(name, files, todo.size(), bytes, total));
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    String script =
        Shell.sh(StoreScript.receive(storeRoot, HexFormat.of().formatHex(random), manifestHash));
    Duration timeout = SCRIPT_TIMEOUT.plusSeconds(total / MIN_BYTES_PER_SECOND);
    ExecResult result =
        total >= bulkBytes ? host.execBulk(script, tar, timeout) : host.exec(script, tar, timeout);
    Optional<BlobTar.LocalFailure> local = tar.localFailure();
    if (local.isPresent()) {
      throw new HostFailure(
          name,
          "cannot read "
              + local.get().file()
              + " ("
              + local.get().cause().getMessage()
              + "); sync again",
          local.get().cause());
    }
    if (!result.succeeded()) {
      throw new HostFailure(name, SyncFailures.ofScript("uploading", storeRoot, result));
    }
    StoreScript.Received received;
    try {
      received = StoreScript.parseReceive(result.stdout());
    } catch (IOException e) {
      throw new HostFailure(name, e.getMessage() + " while uploading", e);
    }
    if (received.moved() + received.bad().size() != todo.size()) {
      throw new HostFailure(
          name,
          "only "
              + received.moved()
              + " of "
              + todo.size()
              + " files arrived in "
              + storeRoot
              + "; sync again");
    }
    return received.bad();
  }
}
