package dev.jxdist.coordinator.selection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fingerprints that decide whether jxdist must ask Maven again: all SHA-256, all cheap next to
 * a Maven start.
 *
 * <ul>
 *   <li>{@link #sources}: the content of every file of the build's source trees (POMs, sources,
 *       resources, anything else but build output), so that an edit is seen whatever its time stamp
 *       says;
 *   <li>{@link #outputs}: the size and modification time of every file Maven produced that the
 *       tests run from (class directories, jars), so that a {@code mvn clean}, an IDE's compiler or
 *       another build writing there is seen too.
 * </ul>
 */
final class BuildFingerprints {

  /** Directories that hold build output or tools' state, not sources. */
  private static final Set<String> NOT_SOURCES = Set.of("target", "node_modules");

  private BuildFingerprints() {}

  /**
   * The content of every file under {@code roots} (each walked once; build output, {@code
   * node_modules} and hidden directories but {@code .mvn} left out).
   */
  static String sources(List<Path> roots) {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[1 << 16];
    for (Path root : outermost(roots)) {
      TreeMap<String, Path> files = new TreeMap<>();
      try {
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                String name = d.getFileName() == null ? "" : d.getFileName().toString();
                boolean skip =
                    !d.equals(root)
                        && (NOT_SOURCES.contains(name)
                            || (name.startsWith(".") && !name.equals(".mvn")));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                  files.put(root.relativize(f).toString(), f);
                }
                return FileVisitResult.CONTINUE;
              }
            });
        sha.update(root.toString().getBytes(StandardCharsets.UTF_8));
        for (var e : files.entrySet()) {
          sha.update((e.getKey() + "\0").getBytes(StandardCharsets.UTF_8));
          try (InputStream in = Files.newInputStream(e.getValue())) {
            for (int n; (n = in.read(buffer)) > 0; ) {
              sha.update(buffer, 0, n);
            }
          }
          sha.update((byte) 0);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the sources under " + root, e);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Every path of {@code entries} (class directories walked) with its size and modification time; a
   * missing entry counts as such.
   */
  static String outputs(List<Path> entries) {
    MessageDigest sha = sha256();
    for (Path entry : new LinkedHashSet<>(entries)) {
      List<String> lines = new ArrayList<>();
      try {
        if (Files.isDirectory(entry)) {
          Files.walkFileTree(
              entry,
              new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                  lines.add(describe(entry.relativize(f).toString(), attrs));
                  return FileVisitResult.CONTINUE;
                }
              });
          lines.sort(Comparator.naturalOrder());
        } else if (Files.exists(entry)) {
          lines.add(describe("", Files.readAttributes(entry, BasicFileAttributes.class)));
        } else {
          lines.add("missing");
        }
      } catch (IOException e) {
        lines.add("unreadable " + e.getMessage());
      }
      sha.update((entry + "\n").getBytes(StandardCharsets.UTF_8));
      for (String line : lines) {
        sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** SHA-256 of {@code parts}, each followed by a separator. */
  static String of(List<String> parts) {
    MessageDigest sha = sha256();
    for (String part : parts) {
      sha.update(part.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The content of {@code file}, "" if it does not exist. */
  static String contentOf(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      return "unreadable " + e.getMessage();
    }
  }

  private static String describe(String path, BasicFileAttributes attrs) {
    return path + " " + attrs.size() + " " + attrs.lastModifiedTime().toMillis();
  }

  /** {@code roots} without those inside another one (walking the outer one covers them). */
  private static List<Path> outermost(List<Path> roots) {
    List<Path> sorted =
        roots.stream().map(p -> p.toAbsolutePath().normalize()).distinct().sorted().toList();
    List<Path> out = new ArrayList<>();
    for (Path p : sorted) {
      if (out.stream().noneMatch(p::startsWith)) {
        out.add(p);
      }
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
