package dev.jxdist.worker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The suites under test: real JUnit jars of each supported line (copied by the build into {@code
 * target/suites/junit5} and {@code junit6}) and the fixture classes of {@code
 * src/test/suites/java}, compiled here against each line's own jars.
 */
public final class Suites {

  /** A supported JUnit line. */
  public enum Line {
    /** JUnit 5.14 on Platform 1.14. */
    JUNIT5("junit5"),
    /** JUnit 6.1 on Platform 6.1. */
    JUNIT6("junit6");

    private final String dir;

    Line(String dir) {
      this.dir = dir;
    }
  }

  private static final Map<Line, Path> COMPILED = new EnumMap<>(Line.class);
  private static Path vintageClasses;

  private Suites() {}

  /** The directory the build copied the suite jars to. */
  public static Path root() {
    return Path.of(System.getProperty("jxdist.suites.dir", "target/suites")).toAbsolutePath();
  }

  /** The line's JUnit jars (api, engine, params, platform engine/commons/launcher, ...). */
  public static List<Path> jars(Line line) {
    return jarsIn(root().resolve(line.dir));
  }

  /** The protobuf-java 3.25 jar a suite may bring. */
  public static Path protobuf3Jar() {
    List<Path> jars = jarsIn(root().resolve("protobuf3"));
    if (jars.size() != 1) {
      throw new IllegalStateException("expected one protobuf jar, found " + jars);
    }
    return jars.get(0);
  }

  /** The fixture classes compiled against {@code line}, compiled on first use. */
  public static synchronized Path classes(Line line) {
    return COMPILED.computeIfAbsent(line, Suites::compile);
  }

  /** The line's jars and fixture classes, as Configure would send them. */
  public static List<String> classpath(Line line) {
    List<String> entries = new ArrayList<>();
    jars(line).forEach(p -> entries.add(p.toString()));
    entries.add(classes(line).toString());
    return entries;
  }

  /**
   * JUnit 4.13 on the vintage engine (Platform 1.x) and the fixture classes of {@code
   * src/test/suites-vintage/java} compiled against it, as Configure would send them.
   */
  public static synchronized List<String> vintageClasspath() {
    List<Path> jars = jarsIn(root().resolve("vintage"));
    if (vintageClasses == null) {
      String dir = "src/test/suites-vintage/java";
      Path sources = Path.of(System.getProperty("jxdist.suites.vintageSources", dir));
      vintageClasses = compile(sources, jars, root().resolve("classes-vintage"), "vintage");
    }
    List<String> entries = new ArrayList<>();
    jars.forEach(p -> entries.add(p.toString()));
    entries.add(vintageClasses.toString());
    return entries;
  }

  private static List<Path> jarsIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("suite jars missing in " + dir + "; run the Maven build", e);
    }
  }

  private static Path compile(Line line) {
    Path sources = Path.of(System.getProperty("jxdist.suites.sources", "src/test/suites/java"));
    return compile(sources, jars(line), root().resolve("classes-" + line.dir), line.toString());
  }

  private static Path compile(Path sourceDir, List<Path> jars, Path out, String against) {
    Path sources = sourceDir.toAbsolutePath();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (Stream<Path> walk = Files.walk(sources);
        StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
      Files.createDirectories(out);
      List<Path> javaFiles = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      String classpath = jars.stream().map(Path::toString).collect(Collectors.joining(":"));
      List<String> options =
          List.of("--release", "17", "-proc:none", "-classpath", classpath, "-d", out.toString());
      boolean ok =
          javac
              .getTask(
                  null,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(javaFiles))
              .call();
      if (!ok) {
        throw new IllegalStateException(
            "fixture suites do not compile against "
                + against
                + ": "
                + diagnostics.getDiagnostics());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
