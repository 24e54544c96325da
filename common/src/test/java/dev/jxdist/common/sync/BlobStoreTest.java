package dev.jxdist.common.sync;

import static dev.jxdist.common.sync.SyncFixtures.AN_HOUR_AGO;
import static dev.jxdist.common.sync.SyncFixtures.filesBelow;
import static dev.jxdist.common.sync.SyncFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {

  @TempDir Path tmp;

  private static void putAll(BlobStore store, LocalManifest local, Iterable<String> hashes)
      throws IOException {
    for (String h : hashes) {
      try (InputStream in = Files.newInputStream(local.source(h).orElseThrow())) {
        store.put(h, in);
      }
    }
  }

  private static LocalManifest build(Path project) throws IOException {
    return new ManifestBuilder(HashCache.inMemory())
        .classpath(ManifestBuilderTest.classpath(project))
        .project(project, ExcludeGlobs.of(ManifestBuilder.DEFAULT_PROJECT_EXCLUDES))
        .build();
  }

  @Test
  void missingShrinksToNothingAndOneChangedClassMakesOneBlobMissing() throws IOException {
    Path project = ManifestBuilderTest.project(tmp.resolve("proj"));
    BlobStore store = new BlobStore(tmp.resolve("host/store"));
    LocalManifest local = build(project);

    assertThat(store.missing(local.manifest())).isEqualTo(local.manifest().blobs());
    assertThat(store.size()).isZero();

    putAll(store, local, store.missing(local.manifest()));

    assertThat(store.missing(local.manifest())).isEmpty();
    long expected = local.manifest().blobSizes().values().stream().mapToLong(Long::longValue).sum();
    assertThat(store.size()).isEqualTo(expected);
    for (String h : local.manifest().blobs()) {
      Path blob = store.path(h);
      assertThat(blob).isEqualTo(tmp.resolve("host/store/blobs/" + h.substring(0, 2) + "/" + h));
      assertThat(ContentHash.of(blob)).isEqualTo(h);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob)))
          .isEqualTo("r--------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root())))
        .as("the store")
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("host/store/blobs"))))
        .isEqualTo("rwx------");

    write(project.resolve("target/test-classes/fx/FooTest.class"), "foo test bytes, v2");
    LocalManifest changed = build(project);

    assertThat(store.missing(changed.manifest()))
        .containsExactly(ContentHash.of(project.resolve("target/test-classes/fx/FooTest.class")));
  }

  @Test
  void aPutWhoseContentDoesNotMatchItsHashIsRejectedAndLeavesNothing() throws IOException {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    String claimed = ContentHash.of("good".getBytes(StandardCharsets.UTF_8));
    String actual = ContentHash.of("evil".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () ->
                store.put(
                    claimed, new ByteArrayInputStream("evil".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(claimed)
        .hasMessageContaining(actual);

    assertThat(store.has(claimed)).isFalse();
    assertThat(filesBelow(store.root())).isEmpty();
  }

  @Test
  void aPutInterruptedMidStreamLeavesNothingUnderTheFinalName() throws IOException {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    byte[] content = new byte[1 << 20];
    new Random(7).nextBytes(content);
    String hash = ContentHash.of(content);
    InputStream breaksHalfway =
        new InputStream() {
          private final InputStream in = new ByteArrayInputStream(content);
          private int served;

          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (served > content.length / 2) {
              throw new IOException("connection reset");
            }
            int n = in.read(b, off, len);
            served += Math.max(n, 0);
            return n;
          }
        };

    assertThatThrownBy(() -> store.put(hash, breaksHalfway)).hasMessage("connection reset");

    assertThat(store.path(hash)).doesNotExist();
    assertThat(filesBelow(store.root())).isEmpty();

    assertThat(store.put(hash, new ByteArrayInputStream(content))).isTrue();
    assertThat(ContentHash.of(store.path(hash))).isEqualTo(hash);
  }

  @Test
  void concurrentPutsOfOneBlobEndWithOneGoodBlob() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    byte[] content = new byte[4 << 20];
    new Random(11).nextBytes(content);
    String hash = ContentHash.of(content);
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.put(hash, new ByteArrayInputStream(content));
                }));
      }
      start.countDown();
      int stored = 0;
      for (Future<Boolean> r : results) {
        stored += r.get() ? 1 : 0;
      }
      assertThat(stored).isBetween(1, threads);
    } finally {
      pool.shutdownNow();
    }

    assertThat(filesBelow(store.root())).containsExactly(store.path(hash));
    assertThat(ContentHash.of(store.path(hash))).isEqualTo(hash);
    assertThat(store.size()).isEqualTo(content.length);
  }

  @Test
  void aSecondPutOfAStoredBlobReportsItWasThere() throws IOException {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    byte[] content = "same".getBytes(StandardCharsets.UTF_8);
    String hash = ContentHash.of(content);

    assertThat(store.put(hash, new ByteArrayInputStream(content))).isTrue();
    assertThat(store.put(hash, new ByteArrayInputStream(content))).isFalse();
    assertThat(filesBelow(store.root())).containsExactly(store.path(hash));
  }

  @Test
  void evictionRemovesLeastRecentlyUsedBlobsUntilUnderTheLimitAndKeepsThoseInUse()
      throws IOException {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    Instant now = Instant.now();
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] content = ("blob number " + i + " of ten bytes").getBytes(StandardCharsets.UTF_8);
      String hash = ContentHash.of(content);
      store.put(hash, new ByteArrayInputStream(content));
      hashes.add(hash);
      // blob 0 was used longest ago, blob 3 most recently
      Files.setLastModifiedTime(
          store.path(hash), FileTime.from(now.minusSeconds(3600L * (10 - i))));
    }
    long each = Files.size(store.path(hashes.get(0)));
    // Blob 0 is used again: now it is the newest of all.
    store.markUsed(List.of(hashes.get(0)));

    BlobStore.Eviction eviction = store.evictLeastRecentlyUsed(2 * each, now);

    assertThat(eviction.blobs()).isEqualTo(2);
    assertThat(eviction.bytes()).isEqualTo(2 * each);
    assertThat(store.has(hashes.get(1))).as("least recently used").isFalse();
    assertThat(store.has(hashes.get(2))).isFalse();
    assertThat(store.has(hashes.get(3))).isTrue();
    assertThat(store.has(hashes.get(0))).as("used again, so kept").isTrue();

    // A blob used since a running run began is never evicted, even past the limit.
    assertThat(store.evictLeastRecentlyUsed(0, now.minusSeconds(3600L * 6)).blobs())
        .as("only blob 3 was used before the run began")
        .isEqualTo(1);
    assertThat(store.has(hashes.get(0))).isTrue();
    assertThat(store.size()).isEqualTo(each);
  }

  @Test
  void unusedBlobsAreDeletedUnlessWorkHereOrInAnotherProcessIsUsingTheStore() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    Instant now = Instant.now();
    byte[] old = "not used for 40 days".getBytes(StandardCharsets.UTF_8);
    byte[] recent = "used yesterday".getBytes(StandardCharsets.UTF_8);
    store.put(ContentHash.of(old), new ByteArrayInputStream(old));
    store.put(ContentHash.of(recent), new ByteArrayInputStream(recent));
    Path oldBlob = store.path(ContentHash.of(old));
    Files.setLastModifiedTime(oldBlob, FileTime.from(now.minus(Duration.ofDays(40))));
    Files.setLastModifiedTime(
        store.path(ContentHash.of(recent)), FileTime.from(now.minus(Duration.ofDays(1))));
    Instant cutoff = now.minus(BlobStore.KEPT_UNUSED);

    // Another JVM uses the store (a run building its manifests, a joiner fetching).
    Process user = storeUser(store, "use");
    try {
      assertThat(new String(user.getInputStream().readNBytes(5), StandardCharsets.UTF_8))
          .isEqualTo("held\n");
      assertThat(store.deleteUnused(cutoff).blobs()).isZero();
      assertThat(oldBlob).exists();
    } finally {
      user.getOutputStream().close();
      assertThat(user.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // Work in this JVM holds deletion off as well, here and in other processes: asking here does
    // not let go of the store's lock.
    String deleterSaid =
        store.whileInUse(
            () -> {
              assertThat(store.deleteUnused(cutoff).blobs()).isZero();
              Process deleter = storeUser(store, "delete");
              return new String(deleter.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            });
    assertThat(deleterSaid).isEqualTo("deleted 0\n");
    assertThat(oldBlob).exists();
    // The lock file is the store's owner's alone, as everything in the store.
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.root().resolve(BlobStore.USE_LOCK))))
        .isEqualTo("rw-------");

    BlobStore.Eviction deleted = store.deleteUnused(cutoff);

    assertThat(deleted.blobs()).isEqualTo(1);
    assertThat(oldBlob).doesNotExist();
    assertThat(store.has(ContentHash.of(recent))).isTrue();
  }

  /** A JVM that uses {@code store} ({@link StoreUser}) as {@code how} says. */
  private static Process storeUser(BlobStore store, String how) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            StoreUser.class.getName(),
            store.root().toString(),
            how)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /**
   * Uses the store in its first argument: {@code use} holds it in use ({@link
   * BlobStore#whileInUse}) until stdin ends; {@code delete} deletes what no run used for {@link
   * BlobStore#KEPT_UNUSED} and says how many it deleted.
   */
  static final class StoreUser {
    public static void main(String[] args) throws IOException {
      BlobStore store = new BlobStore(Path.of(args[0]));
      if (args[1].equals("use")) {
        store.whileInUse(
            () -> {
              System.out.print("held\n");
              System.out.flush();
              return System.in.readAllBytes();
            });
      } else {
        int deleted = store.deleteUnused(Instant.now().minus(BlobStore.KEPT_UNUSED)).blobs();
        System.out.print("deleted " + deleted + "\n");
      }
    }
  }

  @Test
  void hashesThatAreNotHashesAreRefused() {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    assertThatThrownBy(() -> store.has("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put("..", new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(tmp.resolve("store")).doesNotExist();
  }

  @Test
  void staleTemporariesAreSweptAndNeverCounted() throws IOException {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    byte[] content = "kept".getBytes(StandardCharsets.UTF_8);
    String hash = ContentHash.of(content);
    store.put(hash, new ByteArrayInputStream(content));
    Path stale =
        write(store.path(hash).resolveSibling(hash + ".123" + BlobStore.TEMP_SUFFIX), "partial");
    Path fresh =
        write(store.path(hash).resolveSibling(hash + ".456" + BlobStore.TEMP_SUFFIX), "partial");
    Files.setLastModifiedTime(fresh, FileTime.from(Instant.now()));

    assertThat(store.size()).isEqualTo(content.length);
    assertThat(store.deleteStaleTemporaries(AN_HOUR_AGO.plusSeconds(60))).isEqualTo(1);

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    assertThat(store.has(hash)).isTrue();
  }
}
