package dev.jxdist.common.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashTest {

  @TempDir Path tmp;

  @Test
  void matchesKnownSha256Vectors() {
    assertThat(ContentHash.of(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(ContentHash.of("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aFileLargerThanTheBufferHashesLikeItsBytes() throws IOException {
    byte[] bytes = new byte[3 * ContentHash.BUFFER_SIZE + 17];
    new Random(42).nextBytes(bytes);
    Path file = Files.write(tmp.resolve("big.bin"), bytes);

    assertThat(ContentHash.of(file)).isEqualTo(ContentHash.of(bytes));
    assertThat(ContentHash.of(Files.write(tmp.resolve("empty"), new byte[0])))
        .isEqualTo(ContentHash.of(new byte[0]));
  }

  @Test
  void validatesHashText() {
    String good = ContentHash.of(new byte[] {1});
    assertThat(ContentHash.isValid(good)).isTrue();
    assertThat(ContentHash.isValid(good.toUpperCase(java.util.Locale.ROOT))).isFalse();
    assertThat(ContentHash.isValid(good.substring(1))).isFalse();
    assertThat(ContentHash.isValid(null)).isFalse();
    assertThatThrownBy(() -> ContentHash.requireValid("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../../etc/passwd");
  }
}
