package dev.jxdist.worker.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void keepsCompleteTextWhole() {
    byte[] text = "aé€😀".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.completeLength(text)).isEqualTo(text.length);
    assertThat(Utf8.completeLength(new byte[0])).isZero();
  }

  @Test
  void cutsBeforeAnIncompleteLastCharacter() {
    byte[] text = "a😀".getBytes(StandardCharsets.UTF_8); // 1 + 4 bytes
    for (int cut = 2; cut < text.length; cut++) {
      assertThat(Utf8.completeLength(Arrays.copyOf(text, cut))).as("cut at %d", cut).isEqualTo(1);
    }
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.completeLength(Arrays.copyOf(euro, 2))).isZero();
  }
}
