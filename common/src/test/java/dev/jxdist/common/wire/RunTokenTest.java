package dev.jxdist.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunTokenTest {

  @Test
  void matchesOnlyItselfAndNeverPrintsItself() {
    RunToken token = RunToken.of("s3cret");

    assertThat(token.matches("s3cret")).isTrue();
    assertThat(token.matches("s3cre")).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
    assertThat(token.toString()).doesNotContain("s3cret");
    assertThat("token " + token).doesNotContain("s3cret");
    assertThat(token.reveal()).isEqualTo("s3cret");
  }

  @Test
  void randomTokensAre64HexDigitsAndDiffer() {
    RunToken a = RunToken.random();
    RunToken b = RunToken.random();

    assertThat(a.reveal()).matches("[0-9a-f]{64}");
    assertThat(a.matches(b.reveal())).isFalse();
  }

  @Test
  void anEmptyTokenIsRefused() {
    assertThatThrownBy(() -> RunToken.of("")).isInstanceOf(IllegalArgumentException.class);
  }
}
