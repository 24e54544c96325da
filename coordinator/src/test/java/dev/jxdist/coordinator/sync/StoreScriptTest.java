package dev.jxdist.coordinator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.ContentHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store scripts, run by this machine's real {@code sh} against a real {@link BlobStore}. */
class StoreScriptTest {

  @TempDir Path dir;

  private static final String A = ContentHash.of("a".getBytes(StandardCharsets.UTF_8));
  private static final String B = ContentHash.of("b".getBytes(StandardCharsets.UTF_8));
  private static final String C = ContentHash.of("c".getBytes(StandardCharsets.UTF_8));
  private static final String M = ContentHash.of("manifest".getBytes(StandardCharsets.UTF_8));

  @Test
  void checkCreatesTheStoreAndReportsEveryBlobOfAnEmptyOne() throws Exception {
    Path cache = dir.resolve("my cache");

    Result result = sh(StoreScript.check(cache.toString(), M), StoreScript.hashList(List.of(A, B)));

    assertThat(result.exitCode).as(result.stderr).isZero();
    StoreScript.Check check = StoreScript.parseCheck(result.stdout, List.of(A, B));
    assertThat(check.root()).isEqualTo(cache.toRealPath().toString());
    assertThat(check.manifestPresent()).isFalse();
    assertThat(check.missing()).containsExactlyInAnyOrder(A, B);
    assertThat(cache.resolve("manifests")).isDirectory();
    assertThat(cache.resolve("sessions")).isDirectory();
    assertThat(cache.resolve("blobs/00")).isDirectory();
    assertThat(cache.resolve("blobs/ff")).isDirectory();
  }

  @Test
  void checkReportsOnlyWhatTheStoreLacksAndIgnoresTemporaryFiles() throws Exception {
    BlobStore store = new BlobStore(dir);
    store.put(A, new ByteArrayInputStream("a".getBytes(StandardCharsets.UTF_8)));
    Path shard = store.path(B).getParent();
    Files.createDirectories(shard);
    Files.writeString(shard.resolve(B + ".123abc.tmp"), "b, half");
    Files.createDirectories(dir.resolve("manifests"));
    Files.writeString(dir.resolve("manifests/" + M + ".txt"), "x");

    Result result =
        sh(StoreScript.check(dir.toString(), M), StoreScript.hashList(List.of(A, B, C)));

    StoreScript.Check check = StoreScript.parseCheck(result.stdout, List.of(A, B, C));
    assertThat(check.missing()).containsExactlyInAnyOrder(B, C);
    assertThat(check.manifestPresent()).isTrue();
    assertThat(store.missing(List.of(A, B, C))).isEqualTo(check.missing());
  }

  @Test
  void checkWithNothingMissingCreatesNoBlobDirectories() throws Exception {
    Result result = sh(StoreScript.check(dir.toString(), M), new byte[0]);

    assertThat(StoreScript.parseCheck(result.stdout, List.of()).missing()).isEmpty();
    assertThat(dir.resolve("blobs")).isEmptyDirectory();
  }

  @Test
  void checkFailsWithTheShellsReasonWhenTheCacheCannotBeCreated() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "not a directory");

    Result result =
        sh(
            StoreScript.check(file.resolve("cache").toString(), M),
            StoreScript.hashList(List.of(A)));

    assertThat(result.exitCode).isEqualTo(3);
    assertThat(result.stderr).contains("Not a directory");
  }

  @Test
  void putManifestWritesStdinReadOnlyAndLeavesNoTemporaryFile() throws Exception {
    byte[] text = "jxdist-manifest 1\n".getBytes(StandardCharsets.UTF_8);

    Result result = sh(StoreScript.putManifest(dir.toString(), M), text);
    Result again = sh(StoreScript.putManifest(dir.toString(), M), text);

    assertThat(result.exitCode).as(result.stderr).isZero();
    assertThat(again.exitCode).as(again.stderr).isZero();
    Path written = dir.resolve("manifests/" + M + ".txt");
    assertThat(written).hasBinaryContent(text);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written)))
        .isEqualTo("r--------");
    try (var files = Files.list(dir.resolve("manifests"))) {
      assertThat(files).containsExactly(written);
    }
    for (String d : List.of("", "blobs", "manifests", "sessions", "tmp")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(d))))
          .as("the store's directory '%s'", d)
          .isEqualTo("rwx------");
    }
  }

  @Test
  void rootPrintsTheAbsoluteCacheDirectory() throws Exception {
    Result result = sh(StoreScript.root(dir.resolve("c").toString()), null);

    assertThat(result.stdout.strip()).isEqualTo(dir.resolve("c").toRealPath().toString());
  }

  @Test
  void parseCheckRejectsOutputItDidNotAskFor() {
    assertThatThrownBy(() -> StoreScript.parseCheck("hello\n", List.of(A)))
        .hasMessageContaining("no 'root' line");
    assertThatThrownBy(() -> StoreScript.parseCheck("root /c\n" + B + "\n", List.of(A)))
        .hasMessageContaining("unexpected line '" + B + "'");
    assertThatThrownBy(() -> StoreScript.parseCheck("root c\n", List.of(A)))
        .hasMessageContaining("relative root");
  }

  @Test
  void aTildeCacheIsTheHomeOfTheShell() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", StoreScript.root("~/.cache/jxdist"));
    builder.environment().put("HOME", dir.toString());

    Result result = run(builder, null);

    assertThat(result.stdout.strip()).isEqualTo(dir.toRealPath() + "/.cache/jxdist");
  }

  @Test
  void receiveUnpacksChecksAndRenamesTheBlobsThenTheManifest() throws Exception {
    Path root = Files.createDirectories(dir.resolve("store"));
    byte[] manifest = "the manifest\n".getBytes(StandardCharsets.UTF_8);
    byte[] tar = tar(List.of(blob("a"), blob("b")), manifest);

    Result result = sh(StoreScript.check(root.toString(), M), StoreScript.hashList(List.of(A, B)));
    assertThat(result.exitCode).as(result.stderr).isZero();
    result = sh(StoreScript.receive(root.toString(), "0123abcd", M), tar);

    assertThat(result.exitCode).as(result.stderr).isZero();
    StoreScript.Received received = StoreScript.parseReceive(result.stdout);
    assertThat(received.moved()).isEqualTo(2);
    assertThat(received.bad()).isEmpty();
    BlobStore store = new BlobStore(root);
    assertThat(store.path(A)).hasContent("a");
    assertThat(store.path(B)).hasContent("b");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.path(A))))
        .isEqualTo("r--------");
    assertThat(root.resolve("manifests/" + M + ".txt")).hasBinaryContent(manifest);
    assertThat(root.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void receiveDiscardsABlobWhoseContentIsNotItsNameAndThenWritesNoManifest() throws Exception {
    Path root = Files.createDirectories(dir.resolve("store"));
    sh(StoreScript.check(root.toString(), M), StoreScript.hashList(List.of(A, B)));
    // What a source that changed after it was hashed sends: other bytes under the old hash.
    BlobTar.Blob changed = new BlobTar.Blob(A, Files.writeString(dir.resolve("a2"), "x"), 1);

    Result result =
        sh(
            StoreScript.receive(root.toString(), "0123abcd", M),
            tar(List.of(changed, blob("b")), new byte[] {'m'}));

    assertThat(result.exitCode).as(result.stderr).isZero();
    StoreScript.Received received = StoreScript.parseReceive(result.stdout);
    assertThat(received.bad()).containsExactly(A);
    assertThat(received.moved()).isEqualTo(1);
    BlobStore store = new BlobStore(root);
    assertThat(store.has(A)).isFalse();
    assertThat(store.path(B)).hasContent("b");
    assertThat(root.resolve("manifests/" + M + ".txt")).doesNotExist();
    assertThat(root.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void receiveOfAStreamCutInABlobFailsAndLeavesNeitherBlobNorTemporary() throws Exception {
    Path root = Files.createDirectories(dir.resolve("store"));
    sh(StoreScript.check(root.toString(), M), StoreScript.hashList(List.of(A, B)));
    byte[] tar = tar(List.of(blob("a"), blob("b" + "b".repeat(2000))), new byte[] {'m'});

    // a: header and one block; then the header of the second and part of its content.
    Result result =
        sh(StoreScript.receive(root.toString(), "0123abcd", M), Arrays.copyOf(tar, 3 * 512 + 100));

    assertThat(result.exitCode).isNotZero();
    assertThat(result.stderr).contains("Unexpected EOF");
    assertThat(new BlobStore(root).missing(List.of(A, B))).hasSize(2);
    assertThat(root.resolve("tmp")).isEmptyDirectory();
    assertThat(root.resolve("manifests")).isEmptyDirectory();
  }

  @Test
  void receiveOfAStreamCutBetweenBlobsKeepsOnlyWholeCheckedBlobsAndNoManifest() throws Exception {
    Path root = Files.createDirectories(dir.resolve("store"));
    sh(StoreScript.check(root.toString(), M), StoreScript.hashList(List.of(A, B)));
    byte[] tar = tar(List.of(blob("a"), blob("b")), new byte[] {'m'});

    // GNU tar takes a stream that ends within a header for the end of the archive.
    Result result =
        sh(StoreScript.receive(root.toString(), "0123abcd", M), Arrays.copyOf(tar, 2 * 512 + 100));

    assertThat(result.exitCode).as(result.stderr).isZero();
    assertThat(StoreScript.parseReceive(result.stdout).moved()).isEqualTo(1);
    assertThat(new BlobStore(root).path(A)).hasContent("a");
    assertThat(root.resolve("tmp")).isEmptyDirectory();
    assertThat(root.resolve("manifests")).isEmptyDirectory();
  }

  @Test
  void receiveHashesWithSha256sumOnAHostWithoutOpenssl() throws Exception {
    Path root = Files.createDirectories(dir.resolve("store"));
    sh(StoreScript.check(root.toString(), M), StoreScript.hashList(List.of(A)));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    List<String> tools = List.of("sh", "tar", "find", "mv", "rm", "mkdir", "cat", "sha256sum");
    for (String tool : tools) {
      Files.createSymbolicLink(bin.resolve(tool), which(tool));
    }
    ProcessBuilder builder =
        new ProcessBuilder(
            bin.resolve("sh").toString(),
            "-c",
            StoreScript.receive(root.toString(), "0a0b0c0d", M));
    builder.environment().put("PATH", bin.toString());

    Result result = run(builder, tar(List.of(blob("a")), new byte[] {'m'}));

    assertThat(result.exitCode).as(result.stderr).isZero();
    assertThat(StoreScript.parseReceive(result.stdout).moved()).isEqualTo(1);
    assertThat(new BlobStore(root).path(A)).hasContent("a");
  }

  @Test
  void receiveHashesEveryBlobAtTheEndWithATarThatDoesNotNameWhatItUnpacks() throws Exception {
    Path root = Files.createDirectories(dir.resolve("store"));
    sh(StoreScript.check(root.toString(), M), StoreScript.hashList(List.of(A, B)));
    Path bin = Files.createDirectories(dir.resolve("quiet-tar"));
    Path tar = bin.resolve("tar");
    Files.writeString(tar, "#!/bin/sh\nexec " + which("tar") + " \"$@\" > /dev/null\n");
    Files.setPosixFilePermissions(tar, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder =
        new ProcessBuilder("sh", "-c", StoreScript.receive(root.toString(), "0a0b0c0d", M));
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));

    Result result = run(builder, tar(List.of(blob("a"), blob("b")), new byte[] {'m'}));

    assertThat(result.exitCode).as(result.stderr).isZero();
    assertThat(StoreScript.parseReceive(result.stdout).moved()).isEqualTo(2);
    assertThat(new BlobStore(root).missing(List.of(A, B))).isEmpty();
  }

  @Test
  void parseReceiveRejectsWhatTheScriptDoesNotPrint() throws Exception {
    assertThat(StoreScript.parseReceive("bad " + A + "\nmoved 3\n"))
        .isEqualTo(new StoreScript.Received(3, new java.util.TreeSet<>(List.of(A))));
    assertThatThrownBy(() -> StoreScript.parseReceive("")).hasMessageContaining("no 'moved'");
    assertThatThrownBy(() -> StoreScript.parseReceive("moved 1\nhello\n"))
        .hasMessageContaining("unexpected line 'hello'");
  }

  @Test
  void cleanupRemovesOnlyStaleTemporariesAndUnlockedDaysOldSessions() throws Exception {
    Path root = dir.resolve("store");
    sh(StoreScript.root(root.toString()), null);
    FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
    Path shard = Files.createDirectories(root.resolve("blobs/ab"));
    Path staleFile = age(Files.writeString(shard.resolve(A + ".1a2b3c.tmp"), "half"), twoHoursAgo);
    Path freshFile = Files.writeString(shard.resolve(B + ".4d5e6f.tmp"), "being written");
    Path staleUpload = Files.createDirectories(root.resolve("tmp/0000aaaa/ab"));
    age(Files.writeString(staleUpload.resolve(A), "half"), twoHoursAgo);
    age(staleUpload, twoHoursAgo);
    age(staleUpload.getParent(), twoHoursAgo);
    Path liveUpload = Files.createDirectories(root.resolve("tmp/0000bbbb/ab"));
    age(liveUpload, twoHoursAgo);
    age(liveUpload.getParent(), twoHoursAgo);
    Files.writeString(liveUpload.resolve(B), "a large blob still arriving");
    Path ended = age(Files.createDirectories(root.resolve("sessions/ended")), twoDaysAgo);
    Path young = Files.createDirectories(root.resolve("sessions/young"));
    Path running = Files.createDirectories(root.resolve("sessions/running"));

    Process holder =
        new ProcessBuilder("sh", "-c", StoreScript.holdSession(running.toString())).start();
    try {
      byte[] first = holder.getInputStream().readNBytes(StoreScript.LOCKED.length() + 1);
      assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(StoreScript.LOCKED + "\n");
      age(running, twoDaysAgo);

      Result result = sh("cd " + root + " && " + StoreScript.cleanup(), null);

      assertThat(result.exitCode).as(result.stderr).isZero();
      assertThat(staleFile).doesNotExist();
      assertThat(freshFile).exists();
      assertThat(staleUpload.getParent()).doesNotExist();
      assertThat(liveUpload.resolve(B)).exists();
      assertThat(ended).doesNotExist();
      assertThat(young).exists();
      assertThat(running).exists();
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    // Its run is over: its lock is free now, and a later clean-up removes it.
    Result again = sh("cd " + root + " && " + StoreScript.cleanup(), null);
    assertThat(again.exitCode).as(again.stderr).isZero();
    assertThat(running).doesNotExist();
  }

  @Test
  void checkTouchesWhatItFindsThenDeletesBlobsAndManifestsNoSyncUsedFor30Days() throws Exception {
    BlobStore store = new BlobStore(dir);
    for (String content : List.of("a", "b", "c")) {
      store.put(
          ContentHash.of(content.getBytes(StandardCharsets.UTF_8)),
          new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }
    String other = ContentHash.of("another manifest".getBytes(StandardCharsets.UTF_8));
    Path manifests = Files.createDirectories(dir.resolve("manifests"));
    FileTime unused = FileTime.from(Instant.now().minus(Duration.ofDays(40)));
    FileTime lately = FileTime.from(Instant.now().minus(Duration.ofDays(29)));
    Path asked = age(store.path(A), unused);
    Path forgotten = age(store.path(B), unused);
    Path recent = age(store.path(C), lately);
    Path manifest = age(Files.writeString(manifests.resolve(M + ".txt"), "m"), unused);
    Path otherManifest = age(Files.writeString(manifests.resolve(other + ".txt"), "o"), unused);
    Instant before = Instant.now().minusSeconds(2);

    Result result = sh(StoreScript.check(dir.toString(), M), StoreScript.hashList(List.of(A)));

    assertThat(result.exitCode).as(result.stderr).isZero();
    StoreScript.Check check = StoreScript.parseCheck(result.stdout, List.of(A));
    assertThat(check.manifestPresent()).isTrue();
    assertThat(check.missing()).isEmpty();
    assertThat(Files.getLastModifiedTime(asked).toInstant()).isAfter(before);
    assertThat(Files.getLastModifiedTime(manifest).toInstant()).isAfter(before);
    assertThat(forgotten).doesNotExist();
    assertThat(otherManifest).doesNotExist();
    assertThat(recent).exists();
    assertThat(Files.getLastModifiedTime(recent)).isEqualTo(lately);
  }

  @Test
  void noBlobIsDeletedWhileACheckIsFindingBlobs() throws Exception {
    BlobStore store = new BlobStore(dir);
    store.put(A, new ByteArrayInputStream("a".getBytes(StandardCharsets.UTF_8)));
    Path unused = age(store.path(A), FileTime.from(Instant.now().minus(Duration.ofDays(40))));
    // What a check holds while it finds and touches blobs.
    Process checking = holding("-s");
    try {
      Result result = sh("cd " + dir + " && " + StoreScript.cleanup(), null);

      assertThat(result.exitCode).as(result.stderr).isZero();
      assertThat(unused).exists();
    } finally {
      release(checking);
    }
    Result again = sh("cd " + dir + " && " + StoreScript.cleanup(), null);
    assertThat(again.exitCode).as(again.stderr).isZero();
    assertThat(unused).doesNotExist();
  }

  // This machine's own store is an SSH host's too when it is one of its own hosts, and a joiner's
  // store may be a host's: the scripts' flock(1) locks and Java's fcntl(2) locks must see each
  // other.

  @Test
  void theScriptsDeletionDeletesNothingWhileAJavaProcessUsesTheStore() throws Exception {
    BlobStore store = new BlobStore(dir);
    store.put(A, new ByteArrayInputStream("a".getBytes(StandardCharsets.UTF_8)));
    Path unused = age(store.path(A), FileTime.from(Instant.now().minus(Duration.ofDays(40))));

    Result during =
        store.whileInUse(
            () -> {
              try {
                return sh("cd " + dir + " && " + StoreScript.cleanup(), null);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(during.exitCode).as(during.stderr).isZero();
    assertThat(unused).exists();
    Result after = sh("cd " + dir + " && " + StoreScript.cleanup(), null);
    assertThat(after.exitCode).as(after.stderr).isZero();
    assertThat(unused).doesNotExist();
  }

  @Test
  void theScriptsCheckWaitsWhileAJavaProcessDeletes() throws Exception {
    BlobStore store = new BlobStore(dir);
    store.put(A, new ByteArrayInputStream("a".getBytes(StandardCharsets.UTF_8)));
    Process check;
    // What a Java deletion holds while it deletes; closing the channel lets go.
    try (FileChannel channel =
        FileChannel.open(
            dir.resolve(".use.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.lock();
      check = new ProcessBuilder("sh", "-c", StoreScript.check(dir.toString(), M)).start();
      try (OutputStream in = check.getOutputStream()) {
        in.write(StoreScript.hashList(List.of(A, B)));
      }

      assertThat(check.waitFor(500, TimeUnit.MILLISECONDS)).as("the check waited").isFalse();
      assertThat(check.getInputStream().available()).as("nothing found yet").isZero();
    }
    assertThat(check.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.exitValue())
        .as(new String(check.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    assertThat(StoreScript.parseCheck(out, List.of(A, B)).missing()).containsExactly(B);
  }

  @Test
  void aJavaDeletionDeletesNothingWhileAScriptsCheckFindsBlobs() throws Exception {
    BlobStore store = new BlobStore(dir);
    store.put(A, new ByteArrayInputStream("a".getBytes(StandardCharsets.UTF_8)));
    Path unused = age(store.path(A), FileTime.from(Instant.now().minus(Duration.ofDays(40))));
    Instant usedSince = Instant.now().minus(BlobStore.KEPT_UNUSED);
    Process checking = holding("-s");
    try {
      assertThat(store.deleteUnused(usedSince).blobs()).isZero();
      assertThat(unused).exists();
    } finally {
      release(checking);
    }
    assertThat(store.deleteUnused(usedSince).blobs()).isEqualTo(1);
    assertThat(unused).doesNotExist();
  }

  @Test
  void javaWorkOnTheStoreWaitsWhileAScriptDeletes() throws Exception {
    BlobStore store = new BlobStore(dir);
    Process deleting = holding("-x");
    CompletableFuture<Instant> started;
    Instant released;
    try {
      started =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return store.whileInUse(Instant::now);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      Thread.sleep(500);
      assertThat(started).as("the work waited").isNotDone();
    } finally {
      released = Instant.now();
      release(deleting);
    }
    assertThat(started.get(10, TimeUnit.SECONDS)).isAfterOrEqualTo(released);
  }

  /** A process holding the store's use lock as the scripts do, {@code -s} or {@code -x}. */
  private Process holding(String mode) throws IOException {
    Process process =
        new ProcessBuilder(
                "flock", mode, dir.resolve(".use.lock").toString(), "sh", "-c", "echo held; cat")
            .start();
    assertThat(new String(process.getInputStream().readNBytes(5), StandardCharsets.UTF_8))
        .isEqualTo("held\n");
    return process;
  }

  private static void release(Process holder) throws IOException, InterruptedException {
    holder.getOutputStream().close();
    assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  private Path age(Path path, FileTime time) throws IOException {
    Files.setLastModifiedTime(path, time);
    return path;
  }

  private BlobTar.Blob blob(String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("src-" + ContentHash.of(bytes)), bytes);
    return new BlobTar.Blob(ContentHash.of(bytes), file, bytes.length);
  }

  private static byte[] tar(List<BlobTar.Blob> blobs, byte[] manifest) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new BlobTar(blobs, manifest, (files, bytes) -> {}).writeTo(out);
    return out.toByteArray();
  }

  private static Path which(String tool) throws Exception {
    Result result = sh("command -v " + tool, null);
    assertThat(result.exitCode).as(tool + " is not installed").isZero();
    return Path.of(result.stdout.strip()).toRealPath();
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result sh(String script, byte[] stdin) throws IOException, InterruptedException {
    return run(new ProcessBuilder("sh", "-c", script), stdin);
  }

  private static Result run(ProcessBuilder builder, byte[] stdin)
      throws IOException, InterruptedException {
    Process process = builder.start();
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    }
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }
}
