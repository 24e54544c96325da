package dev.jxdist.coordinator.sync;

import dev.jxdist.common.sync.ExcludeGlobs;
import dev.jxdist.common.sync.ManifestBuilder;
import dev.jxdist.coordinator.config.UploadRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Which files of a suite's project (working) directory travel to hosts and joiners: those git
 * tracks, and those it would track (untracked but not ignored: {@code git ls-files --cached
 * --others --exclude-standard}); without git (or in a directory git ignores), every file but what
 * the {@code .gitignore} files in the directory exclude. Then, always, less the {@link
 * #ALWAYS_EXCLUDED} globs, the {@code --exclude-upload} globs and the run's token file. The build
 * outputs a run needs travel as its classpath, not from here.
 */
public final class ProjectFiles {

  /**
   * Left out of every upload: version control, build output, IDE and jxdist state ({@link
   * ManifestBuilder#DEFAULT_PROJECT_EXCLUDES}), and the usual homes of secrets.
   */
  public static final List<String> ALWAYS_EXCLUDED;

  static {
    List<String> all = new ArrayList<>(ManifestBuilder.DEFAULT_PROJECT_EXCLUDES);
    all.addAll(
        List.of(
            ".env",
            ".env.*",
            ".netrc",
            ".npmrc",
            ".pypirc",
            ".pgpass",
            ".git-credentials",
            "id_rsa",
            "id_dsa",
            "id_ecdsa",
            "id_ed25519",
            ".ssh/",
            ".gnupg/",
            ".aws/"));
    ALWAYS_EXCLUDED = List.copyOf(all);
  }

  private static final long GIT_TIMEOUT_SECONDS = 60;

  private ProjectFiles() {}

  /**
   * The files of {@code dir} to upload, as sorted {@code /}-separated paths relative to it.
   *
   * @throws UncheckedIOException naming the directory if it cannot be listed
   */
  public static List<String> of(Path dir, UploadRules rules) {
    Path root = dir.toAbsolutePath().normalize();
    List<String> excludes = new ArrayList<>(ALWAYS_EXCLUDED);
    excludes.addAll(rules.excludeGlobs());
    ExcludeGlobs left = ExcludeGlobs.of(excludes);
    List<Path> secrets =
        rules.secretFiles().stream()
            .map(t -> t.toAbsolutePath().normalize())
            .filter(t -> t.startsWith(root))
            .toList();
    List<String> candidates;
    try {
      candidates = gitFiles(root).orElseGet(() -> IgnoreFiles.walk(root));
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot list the files of " + root + " to sync: " + e.getCause().getMessage(),
          e.getCause());
    }
    TreeSet<String> out = new TreeSet<>();
    for (String rel : candidates) {
      if (excluded(left, rel)) {
        continue;
      }
      if (secrets.stream().anyMatch(secret -> sameFile(root.resolve(rel), secret))) {
        continue;
      }
      out.add(rel);
    }
    return List.copyOf(out);
  }

  /** Whether {@code excludes} leave out {@code rel} or one of the directories it is in. */
  static boolean excluded(ExcludeGlobs excludes, String rel) {
    if (excludes.excludes(rel, false)) {
      return true;
    }
    for (int slash = rel.indexOf('/'); slash > 0; slash = rel.indexOf('/', slash + 1)) {
      if (excludes.excludes(rel.substring(0, slash), true)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return a.equals(b) || (Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * What git lists in {@code root}, if git is installed, {@code root} is in a work tree and git
   * does not ignore {@code root} itself.
   */
  static Optional<List<String>> gitFiles(Path root) {
    try {
      if (git(root, "check-ignore", "-q", ".").exitCode() == 0) {
        return Optional.empty(); // the project is inside another work tree's ignored files
      }
      Git listed = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
      if (listed.exitCode() != 0) {
        return Optional.empty();
      }
      List<String> files = new ArrayList<>();
      for (String name : listed.stdout().split("\0")) {
        if (!name.isEmpty() && Files.exists(root.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
          files.add(name);
        }
      }
      return Optional.of(files);
    } catch (IOException e) {
      return Optional.empty(); // no git
    }
  }

  private record Git(int exitCode, String stdout) {}

  private static Git git(Path root, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
      if (!p.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("git in " + root + " did not answer");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking git for the files of " + root, e);
    }
    return new Git(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }

  /** The {@code .gitignore} rules of a directory tree without git, as git would read them. */
  static final class IgnoreFiles {

    /** One line of a {@code .gitignore} in directory {@code base} ("" for the root). */
    private record Rule(String base, ExcludeGlobs glob, boolean negated) {}

    private IgnoreFiles() {}

    /** Every regular file under {@code root} that its {@code .gitignore} files do not ignore. */
    static List<String> walk(Path root) {
      List<String> out = new ArrayList<>();
      try {
        walk(root, "", new ArrayList<>(), out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }

    private static void walk(Path dir, String rel, List<Rule> inherited, List<String> out)
        throws IOException {
      List<Rule> rules = new ArrayList<>(inherited);
      Path ignore = dir.resolve(".gitignore");
      if (Files.isRegularFile(ignore)) {
        rules.addAll(read(ignore, rel));
      }
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        entries.forEach(children::add);
      }
      for (Path child : children) {
        String name = child.getFileName().toString();
        String childRel = rel.isEmpty() ? name : rel + "/" + name;
        boolean directory = Files.isDirectory(child);
        if (name.equals(".git") || ignored(rules, childRel, directory)) {
          continue;
        }
        if (directory) {
          if (!Files.isSymbolicLink(child)) {
            walk(child, childRel, rules, out);
          } else {
            out.add(childRel); // a linked directory travels whole, as the manifest follows it
          }
        } else if (Files.isRegularFile(child)) {
          out.add(childRel);
        }
      }
    }

    /** Whether the last rule that matches {@code rel} ignores it (a {@code !} rule does not). */
    static boolean ignored(List<Rule> rules, String rel, boolean directory) {
      boolean ignored = false;
      for (Rule rule : rules) {
        String sub;
        if (rule.base().isEmpty()) {
          sub = rel;
        } else if (rel.startsWith(rule.base() + "/")) {
          sub = rel.substring(rule.base().length() + 1);
        } else {
          continue;
        }
        if (rule.glob().excludes(sub, directory)) {
          ignored = !rule.negated();
        }
      }
      return ignored;
    }

    private static List<Rule> read(Path file, String base) throws IOException {
      List<Rule> rules = new ArrayList<>();
      for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String line = raw.stripTrailing();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        boolean negated = line.startsWith("!");
        if (negated) {
          line = line.substring(1);
        } else if (line.startsWith("\\#") || line.startsWith("\\!")) {
          line = line.substring(1);
        }
        try {
          rules.add(new Rule(base, ExcludeGlobs.of(List.of(line)), negated));
        } catch (IllegalArgumentException e) {
          // git skips a pattern it cannot read; so do we
        }
      }
      return rules;
    }
  }
}
