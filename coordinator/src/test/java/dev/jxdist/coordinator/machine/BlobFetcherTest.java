package dev.jxdist.coordinator.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.ContentHash;
import dev.jxdist.common.sync.LocalManifest;
import dev.jxdist.common.sync.Manifest;
import dev.jxdist.common.wire.BlobChunk;
import dev.jxdist.common.wire.FetchStats;
import dev.jxdist.common.wire.RunToken;
import dev.jxdist.coordinator.config.SuiteSpec;
import dev.jxdist.coordinator.join.JoinProvisioner;
import dev.jxdist.coordinator.join.JoinService;
import dev.jxdist.coordinator.remote.CoordinatorServer;
import dev.jxdist.coordinator.sync.SuiteManifests;
import dev.jxdist.coordinator.testing.TestSuites;
import dev.jxdist.coordinator.testing.TestTls;
import dev.jxdist.proto.v1.JoinServiceGrpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The joiner's fetch against the coordinator's real join service over loopback. */
class BlobFetcherTest {

  static final String TOKEN = "t0ken";

  @TempDir Path tmp;

  Path bigJar;
  Manifest manifest;
  JoinProvisioner places;
  CoordinatorServer server;
  ManagedChannel channel;
  ExecutorService pool;
  BlobStore store;

  @BeforeEach
  void setUp() throws Exception {
    Path classes = Files.createDirectories(tmp.resolve("test-classes/fx"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(classes.resolve("T" + i + "Test.class"), "class " + i);
    }
    bigJar = tmp.resolve("big.jar");
    byte[] big = new byte[BlobChunk.MAX_BYTES * 3 / 2];
    new Random(11).nextBytes(big);
    Files.write(bigJar, big);
    Path workerJar = Files.writeString(tmp.resolve("jxdist-worker.jar"), "worker");
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("empty.txt"), "");
    SuiteSpec suite =
        TestSuites.of(
            "s",
            List.of(classes.getParent(), bigJar),
            classes.getParent(),
            project,
            Optional.empty());
    Map<String, LocalManifest> manifests =
        SuiteManifests.build(
            List.of(suite),
            workerJar,
            tmp.resolve("cache"),
            dev.jxdist.coordinator.config.UploadRules.NONE);
    manifest = manifests.get("s").manifest();
    places =
        new JoinProvisioner(
            1, manifests, workerJar, "run1", 1, Duration.ofMinutes(5), Clock.systemUTC());
    server =
        CoordinatorServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            TestTls.IDENTITY,
            new JoinService(RunToken.of(TOKEN), TestTls.IDENTITY.pin(), places));
    channel = TestTls.channel(server.target());
    pool = Executors.newFixedThreadPool(BlobFetcher.PARALLEL_CALLS);
    store = new BlobStore(tmp.resolve("joiner-cache"));
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
    channel.shutdownNow();
    places.close();
    server.close();
  }

  BlobFetcher fetcher(String token) {
    return new BlobFetcher(
        JoinServiceGrpc.newBlockingStub(channel),
        RunToken.of(token),
        store,
        pool,
        Clock.systemUTC());
  }

  @Test
  void fetchesWhatTheStoreLacksAndNothingTheSecondTime() throws Exception {
    FetchStats first = fetcher(TOKEN).fetch(manifest, () -> false);

    assertThat(store.missing(manifest)).isEmpty();
    assertThat(first.files()).isEqualTo(manifest.entries().size());
    assertThat(first.blobsFetched()).isEqualTo(manifest.blobs().size());
    assertThat(first.bytesFetched())
        .isEqualTo(manifest.blobSizes().values().stream().mapToLong(Long::longValue).sum());
    assertThat(Files.readAllBytes(store.path(ContentHash.of(bigJar))))
        .isEqualTo(Files.readAllBytes(bigJar));

    FetchStats second = fetcher(TOKEN).fetch(manifest, () -> false);

    assertThat(second.blobsFetched()).isZero();
    assertThat(second.bytesFetched()).isZero();
  }

  @Test
  void aSourceThatChangesAfterItWasHashedIsSentAsItWasHashed() throws Exception {
    byte[] hashed = Files.readAllBytes(bigJar);
    byte[] other = new byte[hashed.length];
    new Random(12).nextBytes(other);
    Files.write(bigJar, other);

    fetcher(TOKEN).fetch(manifest, () -> false);

    assertThat(Files.readAllBytes(store.path(ContentHash.of(hashed)))).isEqualTo(hashed);
  }

  @Test
  void aBlobThatKeepsArrivingDamagedLeavesNothingAndNamesItsFile() throws Exception {
    String hash = ContentHash.of(bigJar);
    // The coordinator's snapshot rots on its disk: every copy sent is damaged.
    Path snapshot = new BlobStore(tmp.resolve("cache")).path(hash);
    Files.setPosixFilePermissions(
        snapshot, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    byte[] rotten = Files.readAllBytes(snapshot);
    rotten[1000] ^= 1;
    Files.write(snapshot, rotten);

    assertThatThrownBy(() -> fetcher(TOKEN).fetch(manifest, () -> false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cp/002-big.jar arrived damaged " + BlobFetcher.ATTEMPTS + " times")
        .hasMessageContaining(hash);

    assertThat(store.has(hash)).isFalse();
    try (var files = Files.walk(store.root())) {
      assertThat(files.filter(Files::isRegularFile).map(Path::toString))
          .noneMatch(f -> f.endsWith(".tmp"));
    }
  }

  @Test
  void aCancelledFetchStopsAndStoresNothing() {
    assertThatThrownBy(() -> fetcher(TOKEN).fetch(manifest, () -> true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cancelled");
    assertThat(store.missing(manifest)).hasSameSizeAs(manifest.blobs());
  }

  @Test
  void theWrongTokenFetchesNothing() {
    assertThatThrownBy(() -> fetcher("guess").fetch(manifest, () -> false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("UNAUTHENTICATED");
    assertThat(store.missing(manifest)).hasSameSizeAs(manifest.blobs());
  }
}
