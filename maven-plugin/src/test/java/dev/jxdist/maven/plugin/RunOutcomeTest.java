package dev.jxdist.maven.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class RunOutcomeTest {

  @Test
  void passedGoesOn() throws Exception {
    assertThat(RunOutcome.check(0, true, "r")).isTrue();
  }

  @Test
  void testFailuresFailTheBuildPointingAtTheReports() {
    assertThatThrownBy(() -> RunOutcome.check(1, true, "each module's target/jxdist-reports"))
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("There are test failures; see each module's target/jxdist-reports.");
  }

  @Test
  void noTestsFailsUnlessAllowed() throws Exception {
    assertThatThrownBy(() -> RunOutcome.check(5, true, "r"))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("jxdist.failIfNoTests=false");
    assertThat(RunOutcome.check(5, false, "r")).isFalse();
  }

  @Test
  void otherCodesAreBuildErrors() {
    assertThatThrownBy(() -> RunOutcome.check(2, true, "r"))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("interrupted");
    assertThatThrownBy(() -> RunOutcome.check(3, true, "r"))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("internal error");
    assertThatThrownBy(() -> RunOutcome.check(4, true, "r"))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("rejected");
    assertThatThrownBy(() -> RunOutcome.check(42, true, "r"))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("42");
  }
}
