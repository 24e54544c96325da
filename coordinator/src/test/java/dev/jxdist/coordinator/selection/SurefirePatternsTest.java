package dev.jxdist.coordinator.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SurefirePatternsTest {

  static boolean matches(String surefirePattern, String className) {
    return Pattern.matches(SurefirePatterns.toClassNamePattern(surefirePattern), className);
  }

  @Test
  void pathGlobsMatchClassesInAnyPackage() {
    assertThat(matches("**/*Test.java", "fx.CartTest")).isTrue();
    assertThat(matches("**/*Test.java", "CartTest")).isTrue();
    assertThat(matches("**/*Test.java", "fx.deep.CartTest")).isTrue();
    assertThat(matches("**/*Test.java", "fx.CartTests")).isFalse();
    assertThat(matches("**/IT*", "fx.ITCart")).isTrue();
    assertThat(matches("**/IT*", "fx.CartIT")).isFalse();
  }

  @Test
  void aPathPinsThePackage() {
    assertThat(matches("fx/CartTest.java", "fx.CartTest")).isTrue();
    assertThat(matches("fx/CartTest.java", "other.CartTest")).isFalse();
    assertThat(matches("fx/**/*Test.java", "fx.a.b.CartTest")).isTrue();
  }

  @Test
  void classNamesAndMethodPartsAsInDashDTest() {
    assertThat(matches("CartTest", "fx.CartTest")).isTrue();
    assertThat(matches("fx.CartTest", "fx.CartTest")).isTrue();
    assertThat(matches("fx.CartTest", "fxXCartTest")).isFalse();
    assertThat(matches("CartTest#adds", "fx.CartTest")).isTrue();
    assertThat(matches("Cart*", "fx.CartTest")).isTrue();
  }

  @Test
  void regexPatternsAreOverTheClassFilePath() {
    assertThat(matches("%regex[.*Cart.*Test.*]", "fx.CartWideTest")).isTrue();
    assertThat(matches("%regex[fx/.*Test.class]", "fx.CartTest")).isTrue();
    assertThat(matches("%regex[fx/.*Test.class]", "gx.CartTest")).isFalse();
  }

  @Test
  void commaSeparatedPatternsAndGroups() {
    assertThat(SurefirePatterns.toClassNamePatterns(List.of("**/*Test.java, **/*IT.java")))
        .hasSize(2);
    assertThat(SurefirePatterns.toTagExpressions("fast, db & !slow"))
        .containsExactly("fast", "db & !slow");
    assertThat(SurefirePatterns.toTagExpressions("")).isEmpty();
  }
}
