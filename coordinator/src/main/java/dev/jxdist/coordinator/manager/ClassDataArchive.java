package dev.jxdist.coordinator.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A class data sharing archive for worker JVMs, so that each one maps the worker's classes (gRPC,
 * Netty, protobuf, JUnit) instead of loading and verifying them again: a worker then connects about
 * a third of a second sooner and spends that much less CPU, which a machine that runs several
 * workers feels.
 *
 * <p>The archive is specific to one worker jar and one JVM build, so its file name carries a hash
 * of the jar's path and one of the jar (size, time) with the JVM; publishing an archive removes the
 * earlier ones of the same jar path (an installation rebuilt or upgraded in place), which nothing
 * would use again. The first run without one has worker {@code w1} write it when it exits ({@code
 * -XX:ArchiveClassesAtExit}) to a private name; it is published by a rename only if that worker
 * ended normally, so a half-written archive is never used. A JVM that cannot use an archive ignores
 * it (the default {@code -Xshare:auto}). Suites that pass their own CDS options are left alone.
 *
 * <p>An archive is some 30 MB, and every installation path has its own: a CI machine that runs
 * jxdist from a fresh checkout for every build would gather one per build. So a run that uses an
 * archive marks it used (its time), and every run keeps the {@value #KEPT} most recently used and
 * deletes the others, and what runs killed before they published left behind; the next run of an
 * installation whose archive went writes it again.
 */
final class ClassDataArchive {

  private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

  private static final String PREFIX = "jxdist-worker-";

  /** How many archives, the most recently used, a cache keeps. */
  static final int KEPT = 4;

  /** A pending archive this old is one a killed run left: no run writes for that long. */
  private static final Duration ABANDONED = Duration.ofDays(1);

  private final Path archive;
  private final Path pending;
  private final AtomicBoolean markedUsed = new AtomicBoolean();

  private ClassDataArchive(Path archive, Path pending) {
    this.archive = archive;
    this.pending = pending;
  }

  /**
   * The archive for {@code workerJar} run by {@code java} (its home and version), kept in {@code
   * cacheDir}; empty if the suite's JVM arguments handle class data sharing themselves.
   */
  public static Optional<ClassDataArchive> forWorker(
      Path workerJar, Path cacheDir, String runId, List<String> suiteJvmArgs) {
    boolean userChose =
        suiteJvmArgs.stream()
            .anyMatch(
                a ->
                    a.startsWith("-Xshare")
                        || a.contains("SharedArchiveFile")
                        || a.contains("ArchiveClassesAtExit"));
    if (userChose) {
      return Optional.empty();
    }
    String place = hash(workerJar.toAbsolutePath().toString());
    String key;
    try {
      key =
          hash(
              workerJar.toAbsolutePath()
                  + "|"
                  + Files.size(workerJar)
                  + "|"
                  + Files.getLastModifiedTime(workerJar).toMillis()
                  + "|"
                  + System.getProperty("java.home")
                  + "|"
                  + System.getProperty("java.vm.version"));
    } catch (IOException e) {
      return Optional.empty();
    }
    Path archive = cacheDir.resolve(PREFIX + place + "-" + key + ".jsa");
    return Optional.of(
        new ClassDataArchive(
            archive, cacheDir.resolve(archive.getFileName() + "." + runId + ".tmp")));
  }

  /**
   * The JVM options for a worker; {@code creator} is the one worker that may write the archive. CDS
   * logging is off: its notes about classes it skips would bury a crashed worker's last words.
   */
  public List<String> jvmArgs(boolean creator) {
    if (Files.isRegularFile(archive)) {
      markUsed();
      return List.of("-XX:SharedArchiveFile=" + archive, QUIET);
    }
    if (!creator) {
      return List.of();
    }
    try {
      Files.createDirectories(pending.getParent());
    } catch (IOException e) {
      return List.of();
    }
    return List.of("-XX:ArchiveClassesAtExit=" + pending, QUIET);
  }

  private void markUsed() {
    if (markedUsed.compareAndSet(false, true)) {
      try {
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
      } catch (IOException e) {
        // Not ours to touch (a shared cache): it only ages sooner.
      }
    }
  }

  /**
   * After the run: publishes the archive the creator wrote, if it exited normally; then keeps the
   * {@value #KEPT} most recently used archives of the cache and deletes the others, with the
   * pending archives killed runs left.
   */
  public void publish(boolean creatorExitedNormally) {
    if (Files.isRegularFile(pending)) {
      publishPending(creatorExitedNormally);
    }
    try {
      trimCache();
    } catch (IOException e) {
      // A cache we may not change: it stays as it is.
    }
  }

  private void publishPending(boolean creatorExitedNormally) {
    try {
      if (creatorExitedNormally && !Files.exists(archive)) {
        try {
          Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(pending, archive);
        }
        removeEarlierArchivesOfThisJar();
      } else {
        Files.deleteIfExists(pending);
      }
    } catch (IOException e) {
      // Another run published first, or the cache is read-only: workers start without it.
    }
  }

  /** Deletes the archives of earlier builds of this jar path, best effort. */
  private void removeEarlierArchivesOfThisJar() throws IOException {
    String name = archive.getFileName().toString();
    String samePlace = name.substring(0, name.lastIndexOf('-') + 1);
    try (DirectoryStream<Path> earlier =
        Files.newDirectoryStream(
            archive.getParent(),
            p -> {
              String n = p.getFileName().toString();
              return n.startsWith(samePlace) && n.endsWith(".jsa") && !n.equals(name);
            })) {
      for (Path p : earlier) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Deletes the archives but the {@value #KEPT} most recently used (this run's among them: it was
   * just used or written), and pending archives older than a day.
   */
  private void trimCache() throws IOException {
    Path dir = archive.getParent();
    if (!Files.isDirectory(dir)) {
      return;
    }
    Instant abandoned = Instant.now().minus(ABANDONED);
    List<Path> archives = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path p : files) {
        String n = p.getFileName().toString();
        if (n.endsWith(".jsa")) {
          archives.add(p);
        } else if (n.endsWith(".tmp") && modified(p).isBefore(abandoned)) {
          Files.deleteIfExists(p);
        }
      }
    }
    archives.sort(Comparator.comparing(ClassDataArchive::modified).reversed());
    for (Path p : archives.subList(Math.min(KEPT, archives.size()), archives.size())) {
      if (!p.equals(archive)) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Instant modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH; // gone meanwhile: first to go
    }
  }

  /** Where the archive lives (or will). */
  public Path path() {
    return archive;
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
