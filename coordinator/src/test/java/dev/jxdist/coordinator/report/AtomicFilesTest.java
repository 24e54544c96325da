package dev.jxdist.coordinator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void aWrittenFileFollowsTheUmaskAsAPlainNewFileDoes() throws IOException {
    Path plain = Files.createFile(dir.resolve("plain.xml"));
    Path report = dir.resolve("reports/TEST-a.A.xml");

    AtomicFiles.writeUtf8(report, out -> out.write("<testsuite/>"));
    AtomicFiles.writeUtf8(report, out -> out.write("<testsuite tests=\"1\"/>"));

    assertThat(Files.readString(report)).isEqualTo("<testsuite tests=\"1\"/>");
    assertThat(Files.getPosixFilePermissions(report))
        .isEqualTo(Files.getPosixFilePermissions(plain));
    try (var left = Files.list(report.getParent())) {
      assertThat(left).containsExactly(report);
    }
  }
}
