package dev.jxdist.maven.classpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestClasspathTest {

  @TempDir Path dir;
  private Path testClasses;
  private Path classes;

  @BeforeEach
  void layout() throws IOException {
    testClasses = Files.createDirectories(dir.resolve("target/test-classes"));
    classes = Files.createDirectories(dir.resolve("target/classes"));
  }

  private ClasspathArtifact dep(String artifactId, String scope) throws IOException {
    Path file = Files.createFile(dir.resolve(artifactId + ".jar"));
    return ClasspathArtifact.jar("g", artifactId, "1", scope, file);
  }

  private static List<Path> paths(List<ClasspathEntry> entries) {
    return entries.stream().map(ClasspathEntry::path).toList();
  }

  @Test
  void surefireOrderTestClassesClassesDependenciesThenAdditionalElements() throws IOException {
    ClasspathArtifact a = dep("a", "compile");
    ClasspathArtifact b = dep("b", "test");
    Path extra = Files.createDirectories(dir.resolve("extra"));
    ClasspathArtifact additional = dep("added", "runtime");

    List<ClasspathEntry> cp =
        TestClasspath.of(
            testClasses,
            classes,
            List.of(a, b),
            List.of(),
            "",
            List.of(extra),
            List.of(additional));

    assertThat(paths(cp))
        .containsExactly(testClasses, classes, a.file(), b.file(), extra, additional.file());
    assertThat(cp.get(2).artifact()).isEqualTo(a);
    assertThat(cp.get(0).artifact()).isNull();
    assertThat(cp.get(4).artifact()).isNull();
  }

  @Test
  void onlyExistingEntriesEachOnce() throws IOException {
    ClasspathArtifact a = dep("a", "compile");
    ClasspathArtifact gone =
        ClasspathArtifact.jar("g", "gone", "1", "test", dir.resolve("gone.jar"));
    ClasspathArtifact pom =
        new ClasspathArtifact("g", "bom", "1", "pom", "", "test", a.file(), false);
    ClasspathArtifact unresolved = ClasspathArtifact.jar("g", "none", "1", "test", null);

    List<ClasspathEntry> cp =
        TestClasspath.of(
            dir.resolve("target/missing-test-classes"),
            classes,
            List.of(a, gone, pom, unresolved),
            List.of(),
            "",
            List.of(dir.resolve("missing"), a.file(), classes),
            List.of());

    assertThat(paths(cp)).containsExactly(classes, a.file());
  }

  @Test
  void classpathDependencyExcludesRemoveMatchingDependencies() throws IOException {
    ClasspathArtifact a = dep("a", "compile");
    ClasspathArtifact b = dep("b", "test");
    ClasspathArtifact c = dep("c", "test");

    List<ClasspathEntry> cp =
        TestClasspath.of(
            testClasses,
            classes,
            List.of(a, b, c),
            List.of("g:b", "other:*"),
            "",
            List.of(),
            List.of());

    assertThat(paths(cp)).containsExactly(testClasses, classes, a.file(), c.file());
  }

  @Test
  void classpathDependencyScopeExcludeFollowsMavensScopeFilter() throws IOException {
    ClasspathArtifact compile = dep("compile", "compile");
    ClasspathArtifact provided = dep("provided", "provided");
    ClasspathArtifact runtime = dep("runtime", "runtime");
    ClasspathArtifact test = dep("test", "test");
    List<ClasspathArtifact> all = List.of(compile, provided, runtime, test);

    assertThat(
            paths(
                TestClasspath.of(
                    testClasses, classes, all, List.of(), "compile", List.of(), List.of())))
        .containsExactly(testClasses, classes, runtime.file(), test.file());
    assertThat(
            paths(
                TestClasspath.of(
                    testClasses, classes, all, List.of(), "runtime", List.of(), List.of())))
        .containsExactly(testClasses, classes, provided.file(), test.file());
    assertThat(
            paths(
                TestClasspath.of(
                    testClasses, classes, all, List.of(), "test", List.of(), List.of())))
        .containsExactly(testClasses, classes);
    assertThatThrownBy(
            () ->
                TestClasspath.of(
                    testClasses, classes, all, List.of(), "bogus", List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bogus'");
  }

  @Test
  void additionalElementsAreSplitOnCommasAndResolvedFromTheBasedir() {
    assertThat(
            TestClasspath.additionalElements(
                List.of("/abs/one, rel/two", "", "  ", "/abs/three"), Path.of("/base")))
        .containsExactly(Path.of("/abs/one"), Path.of("/base/rel/two"), Path.of("/abs/three"));
  }
}
