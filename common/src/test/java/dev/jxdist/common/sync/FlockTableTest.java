package dev.jxdist.common.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Linux's lock table read for real {@code flock(1)} processes and this JVM's own locks. */
class FlockTableTest {

  @TempDir Path dir;

  private final FlockTable table = new FlockTable(FlockTable.PROC_LOCKS);

  @Test
  void seesAnotherProcesssSharedAndExclusiveFlocksOnTheFileOnly() throws Exception {
    Path file = Files.createFile(dir.resolve("lock"));
    Path other = Files.createFile(dir.resolve("other"));

    Process shared = flock("-s", file);
    try {
      assertThat(table.anyHeld(file)).isTrue();
      assertThat(table.exclusiveHeld(file)).isFalse();
      assertThat(table.anyHeld(other)).isFalse();
    } finally {
      release(shared);
    }
    Process exclusive = flock("-x", file);
    try {
      assertThat(table.exclusiveHeld(file)).isTrue();
    } finally {
      release(exclusive);
    }
    assertThat(table.anyHeld(file)).isFalse();
  }

  @Test
  void aJavaLockIsNotAFlock() throws Exception {
    Path file = dir.resolve("lock");
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      channel.lock();

      assertThat(table.anyHeld(file)).isFalse();
      assertThat(Files.readString(FlockTable.PROC_LOCKS))
          .as("the table lists Java's lock as POSIX, under the same name")
          .containsPattern(
              "POSIX +ADVISORY +WRITE +"
                  + ProcessHandle.current().pid()
                  + " +"
                  + FlockTable.lockId(file).orElseThrow()
                  + " ");
    }
  }

  @Test
  void withoutATableNothingIsHeld() throws Exception {
    Path file = Files.createFile(dir.resolve("lock"));
    Process exclusive = flock("-x", file);
    try {
      assertThat(new FlockTable(dir.resolve("no-such-table")).exclusiveHeld(file)).isFalse();
    } finally {
      release(exclusive);
    }
  }

  private static Process flock(String mode, Path file) throws IOException {
    Process process =
        new ProcessBuilder("flock", mode, file.toString(), "sh", "-c", "echo held; cat").start();
    assertThat(new String(process.getInputStream().readNBytes(5), StandardCharsets.UTF_8))
        .isEqualTo("held\n");
    return process;
  }

  private static void release(Process holder) throws IOException, InterruptedException {
    holder.getOutputStream().close();
    assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }
}
