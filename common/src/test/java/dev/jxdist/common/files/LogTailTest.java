package dev.jxdist.common.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir Path tmp;

  @Test
  void theLastLinesWithoutBlankOnes() throws IOException {
    Path log = tmp.resolve("w1.log");
    Files.writeString(log, "one\ntwo\n\nthree\r\nfour\n\n");

    assertThat(LogTail.of(log, 3)).containsExactly("two", "three", "four");
    assertThat(LogTail.of(log, 10)).containsExactly("one", "two", "three", "four");
  }

  @Test
  void aLongLogIsReadFromItsEndOnlyAndItsCutLineDropped() throws IOException {
    Path log = tmp.resolve("long.log");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(log, text);

    assertThat(LogTail.of(log, 2)).containsExactly("line 19998", "line 19999");
    assertThat(LogTail.of(log, 100_000)).allMatch(l -> l.startsWith("line "));
  }

  @Test
  void aMissingLogIsOneLineSayingSo() {
    assertThat(LogTail.of(tmp.resolve("none.log"), 5))
        .singleElement()
        .asString()
        .startsWith("(no log: ");
  }
}
