package dev.jxdist.coordinator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.common.sync.ContentHash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive, read by this machine's real GNU tar. */
class BlobTarTest {

  @TempDir Path dir;

  @Test
  void tarListsEveryBlobUnderItsShardReadOnlyWithItsSizeAndTheManifestLast() throws Exception {
    BlobTar.Blob a = blob("a".repeat(1000));
    BlobTar.Blob b = blob("");
    List<int[]> progress = new ArrayList<>();

    byte[] archive =
        write(
            new BlobTar(
                List.of(a, b), new byte[] {'m'}, (f, n) -> progress.add(new int[] {f, (int) n})));

    assertThat(archive.length % 512).isZero();
    List<String> listing = tar(archive, "-tvf", "-").lines().toList();
    assertThat(listing).hasSize(4);
    assertThat(listing.get(0))
        .startsWith("-r--------")
        .contains(" 1000 ")
        .endsWith(" " + a.sha256().substring(0, 2) + "/" + a.sha256());
    assertThat(listing.get(1)).contains(" 0 ").endsWith("/" + b.sha256());
    // The marker after the last group, then the manifest.
    assertThat(listing.get(2)).contains(" 0 ").endsWith(" .g0");
    assertThat(listing.get(3)).endsWith(" " + BlobTar.MANIFEST);
    assertThat(progress.get(0)).containsExactly(0, 0);
    assertThat(progress.get(progress.size() - 1)).containsExactly(2, 1000);
  }

  @Test
  void aMarkerFollowsEveryGroupOfBlobs() throws Exception {
    List<BlobTar.Blob> blobs = new ArrayList<>();
    for (int i = 0; i < BlobTar.GROUP_FILES + 1; i++) {
      blobs.add(blob("blob " + i));
    }

    byte[] archive = write(new BlobTar(blobs, new byte[0], (f, n) -> {}));

    List<String> names = tar(archive, "-tf", "-").lines().toList();
    assertThat(names).hasSize(BlobTar.GROUP_FILES + 1 + 2 + 1);
    assertThat(names.get(BlobTar.GROUP_FILES)).isEqualTo(".g0");
    assertThat(names.get(names.size() - 2)).isEqualTo(".g1");
  }

  @Test
  void aSourceShorterThanItsBlobStillMakesAWellFormedArchive() throws Exception {
    BlobTar.Blob a = blob("abc");
    Files.writeString(a.source(), "a");

    byte[] archive = write(new BlobTar(List.of(a), new byte[0], (f, n) -> {}));

    assertThat(tar(archive, "-tvf", "-")).contains(" 3 ");
  }

  @Test
  void anUnreadableSourceEndsTheArchiveAndIsNamed() throws Exception {
    BlobTar.Blob a = blob("abc");
    Files.delete(a.source());
    BlobTar tar = new BlobTar(List.of(a), new byte[0], (f, n) -> {});

    assertThatThrownBy(() -> write(tar)).isInstanceOf(IOException.class);
    assertThat(tar.localFailure())
        .get()
        .extracting(BlobTar.LocalFailure::file)
        .isEqualTo(a.source());
  }

  @Test
  void aBlobOf8GiBOrMoreHasABase256Size() {
    long size = 8L * 1024 * 1024 * 1024 + 5;

    byte[] header = BlobTar.header("ab/x", size);

    assertThat(header[124] & 0xff).isEqualTo(0x80);
    long decoded = 0;
    for (int i = 125; i < 136; i++) {
      decoded = (decoded << 8) | (header[i] & 0xff);
    }
    assertThat(decoded).isEqualTo(size);
  }

  private BlobTar.Blob blob(String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String hash = ContentHash.of(bytes);
    return new BlobTar.Blob(hash, Files.write(dir.resolve(hash), bytes), bytes.length);
  }

  private static byte[] write(BlobTar tar) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    tar.writeTo(out);
    return out.toByteArray();
  }

  private static String tar(byte[] stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tar"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
