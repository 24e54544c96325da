package dev.jxdist.common.sync;

import static dev.jxdist.common.sync.SyncFixtures.AN_HOUR_AGO;
import static dev.jxdist.common.sync.SyncFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {

  @TempDir Path tmp;

  @Test
  void anUnchangedFileIsHashedOnce() throws IOException {
    Path f = write(tmp.resolve("a.txt"), "alpha");
    HashCache cache = HashCache.inMemory();

    assertThat(cache.hash(f)).isEqualTo(ContentHash.of(f));
    assertThat(cache.hash(f)).isEqualTo(ContentHash.of(f));

    assertThat(cache.filesHashed()).isEqualTo(1);
    assertThat(cache.bytesHashed()).isEqualTo(5);
  }

  @Test
  void aRewrittenFileIsHashedAgainEvenWithTheSameSize() throws IOException {
    Path f = write(tmp.resolve("a.txt"), "alpha");
    HashCache cache = HashCache.inMemory();
    String before = cache.hash(f);

    write(f, "omega", AN_HOUR_AGO.plusSeconds(60));

    assertThat(cache.hash(f)).isNotEqualTo(before).isEqualTo(ContentHash.of(f));
    assertThat(cache.filesHashed()).isEqualTo(2);
  }

  @Test
  void aFileModifiedCloseToItsHashingIsNotTrustedUntilItIsOlder() throws IOException {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    var clock = new SyncFixtures.ManualClock(now);
    HashCache cache = HashCache.inMemory(clock);
    Instant mtime = now.minusMillis(500);
    Path f = write(tmp.resolve("racy.txt"), "first", mtime);
    cache.hash(f);

    // Rewritten within the file system's timestamp granularity: same size, same mtime.
    write(f, "secnd", mtime);
    assertThat(cache.hash(f)).isEqualTo(ContentHash.of("secnd".getBytes(StandardCharsets.UTF_8)));
    assertThat(cache.filesHashed()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(10));
    cache.hash(f); // hashed once more, now well after the mtime
    cache.hash(f);
    assertThat(cache.filesHashed()).isEqualTo(3);
  }

  @Test
  void aSavedCacheSparesTheNextProcessAllHashing() throws IOException {
    Path a = write(tmp.resolve("tree/a.txt"), "alpha");
    Path b = write(tmp.resolve("tree/b c%.txt"), "beta");
    Path file = tmp.resolve("cache/hashes");
    HashCache first = HashCache.load(file);
    first.hash(a);
    first.hash(b);
    first.save();

    HashCache second = HashCache.load(file);
    assertThat(second.size()).isEqualTo(2);
    assertThat(second.hash(a)).isEqualTo(ContentHash.of(a));
    assertThat(second.hash(b)).isEqualTo(ContentHash.of(b));
    assertThat(second.filesHashed()).isZero();
    try (Stream<Path> s = Files.list(file.getParent())) {
      assertThat(s).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void aCorruptFileIsIgnoredAndRebuilt() throws IOException {
    Path a = write(tmp.resolve("a.txt"), "alpha");
    Path file = tmp.resolve("hashes");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n'});

    HashCache cache = HashCache.load(file);
    assertThat(cache.size()).isZero();
    cache.hash(a);
    cache.save();

    HashCache reloaded = HashCache.load(file);
    assertThat(reloaded.size()).isEqualTo(1);
    reloaded.hash(a);
    assertThat(reloaded.filesHashed()).isZero();
  }

  @Test
  void aForeignOrDamagedFileIsIgnoredAsAWhole() throws IOException {
    Path a = write(tmp.resolve("a.txt"), "alpha");
    Path file = tmp.resolve("hashes");
    HashCache cache = HashCache.load(file);
    cache.hash(a);
    cache.save();
    List<String> lines = Files.readAllLines(file);

    Files.write(file, List.of("jxdist-hash-cache 2", lines.get(1)));
    assertThat(HashCache.load(file).size()).isZero();

    Files.write(file, List.of(lines.get(0), lines.get(1), "not a cache line"));
    assertThat(HashCache.load(file).size()).isZero();

    Files.write(file, List.of(lines.get(0), lines.get(1).replaceFirst(" [0-9]+ ", " -5 ")));
    assertThat(HashCache.load(file).size()).isZero();
  }

  @Test
  void aDeletedFileDropsOutOnSave() throws IOException {
    Path a = write(tmp.resolve("a.txt"), "alpha");
    Path b = write(tmp.resolve("b.txt"), "beta");
    Path file = tmp.resolve("hashes");
    HashCache cache = HashCache.load(file);
    cache.hash(a);
    cache.hash(b);
    cache.save();

    Files.delete(b);
    HashCache next = HashCache.load(file);
    next.hash(a);
    next.save();

    assertThat(HashCache.load(file).size()).isEqualTo(1);
    assertThat(Files.readString(file)).contains("a.txt").doesNotContain("b.txt");
  }

  @Test
  void aDirectoryIsRefused() {
    assertThatThrownBy(() -> HashCache.inMemory().hash(tmp))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void manyThreadsGetTheRightHashes() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      files.add(write(tmp.resolve("f" + i), "content " + i));
    }
    HashCache cache = HashCache.inMemory();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (Path f : files) {
                    if (!cache.hash(f).equals(ContentHash.of(f))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.size()).isEqualTo(40);
    long hashed = cache.filesHashed();
    for (Path f : files) {
      cache.hash(f);
    }
    assertThat(cache.filesHashed()).isEqualTo(hashed);
  }
}
