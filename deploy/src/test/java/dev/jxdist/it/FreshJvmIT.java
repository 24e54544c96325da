package dev.jxdist.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code --fresh-jvm}: every class runs in a worker JVM of its own, as Surefire's {@code
 * reuseForks=false}, and the JSON report says which classes shared a JVM (none did).
 */
class FreshJvmIT {

  @Test
  void everyClassGetsAJvmOfItsOwn() {
    Path project = Fixtures.built("junit6");
    Path json = Fixtures.runsDir().resolve("fresh-jvm.json");

    ProcessResult run =
        Jxdist.run(
            Fixtures.runsDir(),
            "run",
            "-n",
            "2",
            "--fresh-jvm",
            "--project",
            project.toString(),
            "--report-json",
            json.toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonReport report = JsonReport.read(json);
    List<String> classes =
        report.tests().stream()
            .map(JsonReport.Entry::className)
            .distinct()
            .sorted()
            .collect(Collectors.toList());
    List<JsonReport.Worker> ran =
        report.workers().stream().filter(w -> !w.classes().isEmpty()).collect(Collectors.toList());
    assertThat(ran).allSatisfy(w -> assertThat(w.classes()).hasSize(1));
    assertThat(ran.stream().map(w -> w.classes().get(0)).sorted().collect(Collectors.toList()))
        .isEqualTo(classes);
    assertThat(report.tests()).allMatch(t -> t.status().equals("passed"));
  }
}
