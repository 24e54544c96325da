package dev.jxdist.coordinator.selection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SurefirePatternsTest {

  @Test
  void groupsAreCommaSeparatedTagExpressions() {
    assertThat(SurefirePatterns.toTagExpressions("fast, db & !slow"))
        .containsExactly("fast", "db & !slow");
    assertThat(SurefirePatterns.toTagExpressions("")).isEmpty();
  }
}
