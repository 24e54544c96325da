package dev.jxdist.maven.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArtifactPatternTest {

  private static final ClasspathArtifact JUNIT =
      new ClasspathArtifact("junit", "junit", "4.13.2", "jar", "", "test", Path.of("j.jar"), true);
  private static final ClasspathArtifact TESTS =
      new ClasspathArtifact(
          "org.x", "lib", "1.0", "test-jar", "tests", "test", Path.of("t.jar"), true);

  @Test
  void groupAndArtifact() {
    assertThat(ArtifactPattern.parse("junit:junit").matches(JUNIT)).isTrue();
    assertThat(ArtifactPattern.parse("junit:other").matches(JUNIT)).isFalse();
    assertThat(ArtifactPattern.parse(" junit:junit ").matches(JUNIT)).isTrue();
  }

  @Test
  void groupOnlyMatchesEveryArtifactOfIt() {
    assertThat(ArtifactPattern.parse("junit").matches(JUNIT)).isTrue();
    assertThat(ArtifactPattern.parse("org").matches(TESTS)).isFalse();
  }

  @Test
  void wildcards() {
    assertThat(ArtifactPattern.parse("org.*:lib").matches(TESTS)).isTrue();
    assertThat(ArtifactPattern.parse("*:junit").matches(JUNIT)).isTrue();
    assertThat(ArtifactPattern.parse("*:jun*t").matches(JUNIT)).isTrue();
    assertThat(ArtifactPattern.parse("*:ju").matches(JUNIT)).isFalse();
    assertThat(ArtifactPattern.parse("junit:*:jar:4.*").matches(JUNIT)).isTrue();
  }

  @Test
  void typeVersionAndClassifier() {
    assertThat(ArtifactPattern.parse("junit:junit:jar:4.13.2").matches(JUNIT)).isTrue();
    assertThat(ArtifactPattern.parse("junit:junit:jar:4.12").matches(JUNIT)).isFalse();
    assertThat(ArtifactPattern.parse("org.x:lib:test-jar").matches(TESTS)).isTrue();
    assertThat(ArtifactPattern.parse("org.x:lib:jar").matches(TESTS)).isFalse();
    assertThat(ArtifactPattern.parse("org.x:lib:test-jar:tests:1.0").matches(TESTS)).isTrue();
    assertThat(ArtifactPattern.parse("org.x:lib:test-jar:other:1.0").matches(TESTS)).isFalse();
  }

  @Test
  void regexCharactersAreLiteral() {
    ClasspathArtifact dotted = ClasspathArtifact.jar("a.b", "c", "1", "compile", Path.of("c.jar"));
    assertThat(ArtifactPattern.parse("a.b:c").matches(dotted)).isTrue();
    assertThat(ArtifactPattern.parse("aXb:c").matches(dotted)).isFalse();
  }
}
