package dev.jxdist.maven.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.maven.classpath.JUnitClasspath.Decision;
import dev.jxdist.maven.classpath.JUnitClasspath.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitClasspathTest {

  @TempDir Path dir;

  /** A real jar holding empty entries of the given names, with an Implementation-Version. */
  private Path jar(String name, String version, String... entries) throws IOException {
    Path file = dir.resolve(name + ".jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (version != null) {
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    }
    try (OutputStream out = Files.newOutputStream(file);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      for (String entry : entries) {
        jar.putNextEntry(new JarEntry(entry));
        jar.closeEntry();
      }
    }
    return file;
  }

  private ClasspathEntry artifact(
      String groupId, String artifactId, String version, String... entries) throws IOException {
    Path file = jar(artifactId + "-" + version, version, entries);
    return new ClasspathEntry(
        file, ClasspathArtifact.jar(groupId, artifactId, version, "test", file));
  }

  private ClasspathEntry engine(String version) throws IOException {
    return artifact("org.junit.platform", "junit-platform-engine", version, JarProbe.ENGINE_CLASS);
  }

  @Test
  void aLauncherArtifactMeansNothingIsAdded() throws IOException {
    Decision d =
        JUnitClasspath.decide(
            List.of(
                engine("1.13.4"),
                artifact("org.junit.platform", "junit-platform-launcher", "1.13.4")));

    assertThat(d.kind()).isEqualTo(Kind.NOTHING);
    assertThat(d.reason()).contains("own launcher (1.13.4)");
  }

  @Test
  void aJarHoldingTheLauncherMeansNothingIsAdded() throws IOException {
    Path shaded = jar("test-library-all", "2.0", JarProbe.LAUNCHER_CLASS, "com/x/Y.class");

    Decision d = JUnitClasspath.decide(List.of(engine("1.14.4"), ClasspathEntry.of(shaded)));

    assertThat(d.kind()).isEqualTo(Kind.NOTHING);
    assertThat(d.reason()).contains(shaded.toString());
  }

  @Test
  void aClassDirectoryHoldingTheLauncherCountsToo() throws IOException {
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes.resolve(JarProbe.LAUNCHER_CLASS).getParent());
    Files.createFile(classes.resolve(JarProbe.LAUNCHER_CLASS));

    assertThat(JUnitClasspath.decide(List.of(ClasspathEntry.of(classes), engine("6.0.1"))).kind())
        .isEqualTo(Kind.NOTHING);
  }

  @Test
  void anEngineWithoutLauncherGetsTheLauncherOfItsVersion() throws IOException {
    Decision d =
        JUnitClasspath.decide(
            List.of(
                ClasspathEntry.of(Files.createDirectories(dir.resolve("test-classes"))),
                artifact("org.junit.jupiter", "junit-jupiter-api", "5.13.4"),
                engine("1.13.4")));

    assertThat(d.kind()).isEqualTo(Kind.LAUNCHER);
    assertThat(d.version()).isEqualTo("1.13.4");
  }

  @Test
  void anEngineOutsideMavensViewIsRecognisedByItsClassesAndManifest() throws IOException {
    Path engineJar = jar("platform-engine-copy", "6.0.1", JarProbe.ENGINE_CLASS);

    Decision d = JUnitClasspath.decide(List.of(ClasspathEntry.of(engineJar)));

    assertThat(d.kind()).isEqualTo(Kind.LAUNCHER);
    assertThat(d.version()).isEqualTo("6.0.1");
  }

  @Test
  void theEngineArtifactsVersionWinsOverARepackagedCopyBeforeIt() throws IOException {
    Path bundle = jar("test-kit-all", "2.0", JarProbe.ENGINE_CLASS);

    Decision d = JUnitClasspath.decide(List.of(ClasspathEntry.of(bundle), engine("1.13.4")));

    assertThat(d.kind()).isEqualTo(Kind.LAUNCHER);
    assertThat(d.version()).isEqualTo("1.13.4");
  }

  @Test
  void anEngineOfUnknownVersionGetsNothing() throws IOException {
    Path engineJar = jar("platform-engine-copy", null, JarProbe.ENGINE_CLASS);

    Decision d = JUnitClasspath.decide(List.of(ClasspathEntry.of(engineJar)));

    assertThat(d.kind()).isEqualTo(Kind.NOTHING);
    assertThat(d.reason()).contains("unknown version");
  }

  @Test
  void junit4WithoutThePlatformGetsTheVintageEngine() throws IOException {
    Decision d =
        JUnitClasspath.decide(
            List.of(
                artifact("junit", "junit", "4.13.2", JarProbe.JUNIT4_CLASS),
                artifact("org.hamcrest", "hamcrest-core", "1.3")));

    assertThat(d.kind()).isEqualTo(Kind.VINTAGE);
    assertThat(d.version()).isEqualTo(JUnitClasspath.VINTAGE_ENGINE_VERSION);
  }

  @Test
  void junit4InsideAnotherJarIsRecognisedByItsClasses() throws IOException {
    Path repackaged = jar("junit-dep", "4.12", JarProbe.JUNIT4_CLASS);

    assertThat(JUnitClasspath.decide(List.of(ClasspathEntry.of(repackaged))).kind())
        .isEqualTo(Kind.VINTAGE);
  }

  @Test
  void junitOlderThan412GetsNothing() throws IOException {
    Decision d =
        JUnitClasspath.decide(List.of(artifact("junit", "junit", "4.11", JarProbe.JUNIT4_CLASS)));

    assertThat(d.kind()).isEqualTo(Kind.NOTHING);
    assertThat(d.reason()).contains("older than 4.12");
  }

  @Test
  void junit4AlongsideAPlatformEngineGetsOnlyTheLauncher() throws IOException {
    Decision d =
        JUnitClasspath.decide(
            List.of(artifact("junit", "junit", "4.13.2", JarProbe.JUNIT4_CLASS), engine("1.14.4")));

    assertThat(d.kind()).isEqualTo(Kind.LAUNCHER);
    assertThat(d.version()).isEqualTo("1.14.4");
  }

  @Test
  void noJUnitAtAllGetsNothing() throws IOException {
    Decision d =
        JUnitClasspath.decide(
            List.of(
                artifact("org.testng", "testng", "7.10.2"),
                ClasspathEntry.of(dir.resolve("gone.jar"))));

    assertThat(d.kind()).isEqualTo(Kind.NOTHING);
    assertThat(d.reason()).contains("no JUnit Platform engine");
  }

  @Test
  void junit4VersionComparison() {
    assertThat(JUnitClasspath.atLeast412("4.12")).isTrue();
    assertThat(JUnitClasspath.atLeast412("4.13.2")).isTrue();
    assertThat(JUnitClasspath.atLeast412("4.12-beta-3")).isTrue();
    assertThat(JUnitClasspath.atLeast412("4.11")).isFalse();
    assertThat(JUnitClasspath.atLeast412("3.8.2")).isFalse();
    assertThat(JUnitClasspath.atLeast412("")).isFalse();
    assertThat(JUnitClasspath.atLeast412("x.y")).isFalse();
  }
}
