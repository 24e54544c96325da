package dev.jxdist.coordinator.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

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
 */
final class ClassDataArchive {

  private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

  private static final String PREFIX = "jxdist-worker-";

  private final Path archive;
  private final Path pending;

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

  /** After the run: publishes the archive the creator wrote, if it exited normally. */
  public void publish(boolean creatorExitedNormally) {
    if (!Files.isRegularFile(pending)) {
      return;
    }
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
