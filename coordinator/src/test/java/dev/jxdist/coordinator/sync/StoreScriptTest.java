package dev.jxdist.coordinator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.sync.BlobStore;
import dev.jxdist.common.sync.ContentHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
        sh(StoreScript.check(file.resolve("cache").toString(), M), StoreScript.hashList(List.of(A)));

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
        .isEqualTo("r--r--r--");
    try (var files = Files.list(dir.resolve("manifests"))) {
      assertThat(files).containsExactly(written);
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
