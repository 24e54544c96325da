package dev.jxdist.common.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExcludeGlobsTest {

  @Test
  void anchoredDoubleStarLeavesOutTheDirectoryAndEverythingBelow() {
    ExcludeGlobs g = ExcludeGlobs.of(List.of("target/**", ".git/**"));
    assertThat(g.excludes("target", true)).isTrue();
    assertThat(g.excludes("target/classes/A.class", false)).isTrue();
    assertThat(g.excludes(".git/HEAD", false)).isTrue();
    assertThat(g.excludes("module/target", true)).isFalse();
    assertThat(g.excludes("targets/x", false)).isFalse();
    assertThat(g.excludes("src/target.txt", false)).isFalse();
  }

  @Test
  void aGlobWithoutSlashMatchesNamesAtAnyDepth() {
    ExcludeGlobs g = ExcludeGlobs.of(List.of("*.log", "node_modules"));
    assertThat(g.excludes("a.log", false)).isTrue();
    assertThat(g.excludes("deep/down/b.log", false)).isTrue();
    assertThat(g.excludes("deep/b.log.txt", false)).isFalse();
    assertThat(g.excludes("web/node_modules", true)).isTrue();
  }

  @Test
  void trailingSlashMatchesDirectoriesOnly() {
    ExcludeGlobs g = ExcludeGlobs.of(ManifestBuilder.DEFAULT_PROJECT_EXCLUDES);
    assertThat(g.excludes("target", true)).isTrue();
    assertThat(g.excludes("module-a/target", true)).isTrue();
    assertThat(g.excludes("data/target", false)).isFalse();
    assertThat(g.excludes(".git", true)).isTrue();
    assertThat(g.excludes(".gitignore", false)).isFalse();
    assertThat(g.excludes(".jxdist", true)).isTrue();
  }

  @Test
  void starStopsAtSlashAndDoubleStarCrossesIt() {
    ExcludeGlobs g = ExcludeGlobs.of(List.of("data/*.bin", "logs/**/*.gz", "/{a,b}[0-9]?.txt"));
    assertThat(g.excludes("data/x.bin", false)).isTrue();
    assertThat(g.excludes("data/sub/x.bin", false)).isFalse();
    assertThat(g.excludes("logs/x.gz", false)).isTrue();
    assertThat(g.excludes("logs/2024/01/x.gz", false)).isTrue();
    assertThat(g.excludes("a1x.txt", false)).isTrue();
    assertThat(g.excludes("b22.txt", false)).isTrue();
    assertThat(g.excludes("c1x.txt", false)).isFalse();
    assertThat(g.excludes("a1x+txt", false)).isFalse();
  }

  @Test
  void malformedGlobsAreNamed() {
    assertThatThrownBy(() -> ExcludeGlobs.of(List.of("ok", "[abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'[abc'");
    assertThatThrownBy(() -> ExcludeGlobs.of(List.of("/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }
}
