package dev.jxdist.coordinator.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each package rule fails on a deliberate violation (the fixture packages under {@code
 * dev.jxdist.archfixture}), naming the class at fault, and passes on what is allowed: a rule that
 * cannot fail would prove nothing.
 */
class PackageRulesViolationTest {

  private static final String ROOT = "dev.jxdist.archfixture";
  private static final PackageRules RULES = new PackageRules(ROOT, ROOT + ".wire");

  private static JavaClasses fixture;

  @BeforeAll
  static void importFixture() {
    fixture = new ClassFileImporter().importPackages(ROOT);
  }

  private static String violations(ArchRule rule) {
    EvaluationResult result = rule.evaluate(fixture);
    assertThat(result.hasViolation()).as("%s fails on the fixture", rule).isTrue();
    return String.join("\n", result.getFailureReport().getDetails());
  }

  @Test
  void picocliOutsideTheCliFails() {
    assertThat(violations(RULES.picocliOnlyInCli()))
        .contains(ROOT + ".session.Leaky")
        .doesNotContain(ROOT + ".cli.Command");
  }

  @Test
  void sshjOutsideSshFails() {
    assertThat(violations(RULES.sshjOnlyInSsh()))
        .contains(ROOT + ".sync.Sync")
        .doesNotContain(ROOT + ".ssh.Ssh");
  }

  @Test
  void aSchedulerThatKnowsMoreThanThePlanFails() {
    assertThat(violations(RULES.schedulerDependsOnlyOnPlan()))
        .contains(ROOT + ".scheduler.Greedy")
        .contains(ROOT + ".report.Report")
        .doesNotContain("<" + ROOT + ".plan.Plan>");
  }

  @Test
  void aSessionThatReachesSshFails() {
    assertThat(violations(RULES.sessionNeverOnSshSyncOrJoin()))
        .contains(ROOT + ".session.Leaky")
        .contains(ROOT + ".ssh.Ssh");
  }

  @Test
  void aCycleBetweenPackagesFails() {
    assertThat(violations(RULES.noPackageCycles())).contains("scheduler").contains("report");
  }

  @Test
  void aProtocolTypeOutsideTheEdgeFails() {
    assertThat(violations(RULES.protoOnlyAtTheEdge()))
        .contains(ROOT + ".session.Leaky")
        .doesNotContain(ROOT + ".wire.Mapper");
  }

  @Test
  void checkingAViolatedRuleThrowsAsTheBuildWould() {
    assertThatThrownBy(() -> RULES.sessionNeverOnSshSyncOrJoin().check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("was violated");
  }
}
