package dev.jxdist.coordinator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reports' writer writes exactly the bytes String.getBytes(UTF_8) gives. */
class Utf8WriterTest {

  @Test
  void writesTheBytesOfUtf8InEveryKindOfWriteAcrossItsBuffer() throws IOException {
    // ASCII, two- and three-byte chars and surrogate pairs, far past one buffer (16K chars).
    String[] pieces = {"a", "é", "€", "😀", "<testcase name=\"x\"/>\n", "  ", "ü😀ß"};
    Random random = new Random(12);
    StringBuilder expected = new StringBuilder();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Utf8Writer out = new Utf8Writer(bytes)) {
      for (int i = 0; i < 40_000; i++) {
        String piece = pieces[random.nextInt(pieces.length)];
        expected.append(piece);
        switch (i % 3) {
          case 0 -> out.write(piece);
          case 1 -> out.write(piece.toCharArray(), 0, piece.length());
          default -> piece.chars().forEach(c -> write(out, c));
        }
        if (i % 10_007 == 0) {
          out.flush();
        }
      }
    }
    assertThat(bytes.toByteArray()).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSurrogatePairSplitAtTheBufferEdgeIsOneCharacter() throws IOException {
    String text = "x".repeat((1 << 14) - 1) + "😀" + "y";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Utf8Writer out = new Utf8Writer(bytes)) {
      out.write(text);
    }
    assertThat(bytes.toByteArray()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSurrogateWithoutItsPairFailsAsTheJdksWriterDoes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertThatThrownBy(
            () -> {
              try (Utf8Writer out = new Utf8Writer(bytes)) {
                out.write("ok \uD83D then not a pair");
              }
            })
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(
            () -> {
              try (Utf8Writer out = new Utf8Writer(bytes)) {
                out.write("ends on half a pair \uD83D");
              }
            })
        .isInstanceOf(MalformedInputException.class);
  }

  private static void write(Utf8Writer out, int c) {
    try {
      out.write(c);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
