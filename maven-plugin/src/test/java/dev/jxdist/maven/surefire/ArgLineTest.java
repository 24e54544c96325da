package dev.jxdist.maven.surefire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ArgLineTest {

  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  @Test
  void lateReplacementUsesProjectPropertiesAndDropsMissingOnes() {
    String resolved =
        ArgLine.resolve(
            "@{argLine} -Xmx1G @{missing} -Dx=@{x}@{x}",
            props("argLine", "-javaagent:a.jar", "x", "1"));

    assertThat(resolved).isEqualTo("-javaagent:a.jar -Xmx1G  -Dx=11");
  }

  @Test
  void lateReplacementIsNotRecursiveAndLeavesDollarExpressionsAlone() {
    assertThat(ArgLine.resolve("@{a} ${b}", props("a", "@{c}", "c", "no"))).isEqualTo("@{c} ${b}");
  }

  @Test
  void whitespaceOfAMultiLineValueBecomesSpacesAndIsTrimmed() {
    assertThat(ArgLine.resolve("\n  -Xmx1G\n\t-Da=b  \n", new Properties()))
        .isEqualTo("-Xmx1G  -Da=b");
  }

  @Test
  void nullIsEmpty() {
    assertThat(ArgLine.resolve(null, new Properties())).isEmpty();
    assertThat(ArgLine.split("")).isEmpty();
    assertThat(ArgLine.split("   ")).isEmpty();
  }

  @Test
  void splitsAtWhitespaceHonouringBothQuotes() {
    assertThat(
            ArgLine.split(
                "-Xmx1G  --add-opens java.base/java.lang=ALL-UNNAMED \"-Da=b c\" -Dd='e f' 'g\"h'"
                    + " \"i'j\""))
        .containsExactly(
            "-Xmx1G",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "-Da=b c",
            "-Dd=e f",
            "g\"h",
            "i'j");
  }

  @Test
  void anEmptyQuotedArgumentIsKept() {
    assertThat(ArgLine.split("-Da= \"\" -Db=''")).containsExactly("-Da=", "", "-Db=");
  }

  @Test
  void anUnclosedQuoteIsAnError() {
    assertThatThrownBy(() -> ArgLine.split("-Da=\"b c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed \" quote");
  }
}
