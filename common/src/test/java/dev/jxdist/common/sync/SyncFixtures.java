package dev.jxdist.common.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/** Files with controlled modification times, and a clock that tests move by hand. */
final class SyncFixtures {

  /** An hour ago: old enough that a cached hash of such a file is trusted. */
  @SuppressWarnings("TimeInStaticInitializer") // any time an hour before the tests will do
  static final Instant AN_HOUR_AGO = Instant.now().minus(Duration.ofHours(1));

  private SyncFixtures() {}

  /** Writes {@code content} (creating directories) and dates the file an hour back. */
  static Path write(Path file, String content) throws IOException {
    return write(file, content, AN_HOUR_AGO);
  }

  /** Writes {@code content} (creating directories) and sets the file's mtime to {@code mtime}. */
  static Path write(Path file, String content, Instant mtime) throws IOException {
    return write(file, content.getBytes(StandardCharsets.UTF_8), mtime);
  }

  static Path write(Path file, byte[] content, Instant mtime) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, content);
    Files.setLastModifiedTime(file, FileTime.from(mtime));
    return file;
  }

  /** Every regular file below {@code dir}, sorted. */
  static List<Path> filesBelow(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> out = new ArrayList<>();
      s.filter(Files::isRegularFile).sorted().forEach(out::add);
      return out;
    }
  }

  /** A clock that stands still until told otherwise. */
  static final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    ManualClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
