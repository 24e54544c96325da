package dev.jxdist.coordinator.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jxdist.coordinator.scheduler.Distribution;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class WorkerJitTest {

  @Test
  void workersRunC1AloneOnlyWhenTheLastRunGivesEachLessThanFiveSeconds() {
    assertThat(WorkerJit.forShare(OptionalDouble.empty(), 2)).isEqualTo(WorkerJit.TIERED);
    assertThat(WorkerJit.forShare(OptionalDouble.of(0.8), 1)).isEqualTo(WorkerJit.C1_ONLY);
    assertThat(WorkerJit.forShare(OptionalDouble.of(9.9), 2)).isEqualTo(WorkerJit.C1_ONLY);
    assertThat(WorkerJit.forShare(OptionalDouble.of(10.0), 2)).isEqualTo(WorkerJit.TIERED);
    assertThat(WorkerJit.forShare(OptionalDouble.of(40.0), 6)).isEqualTo(WorkerJit.TIERED);
    assertThat(WorkerJit.forShare(OptionalDouble.of(40.0), 9)).isEqualTo(WorkerJit.C1_ONLY);
  }

  @Test
  void withDistEachEveryWorkerRunsAllOfTheWork() {
    OptionalDouble work = OptionalDouble.of(8.0);
    assertThat(WorkerJit.forRun(work, Distribution.LOADCLASS, 2)).isEqualTo(WorkerJit.C1_ONLY);
    assertThat(WorkerJit.forRun(work, Distribution.EACH, 2)).isEqualTo(WorkerJit.TIERED);
    assertThat(WorkerJit.forRun(OptionalDouble.of(4.0), Distribution.EACH, 6))
        .isEqualTo(WorkerJit.C1_ONLY);
  }

  @Test
  void c1AloneIsOneJvmArgumentAndTheDefaultNone() {
    assertThat(WorkerJit.C1_ONLY.jvmArgs(List.of("-Xmx1g"), Map.of("HOME", "/root")))
        .containsExactly("-XX:TieredStopAtLevel=1");
    assertThat(WorkerJit.TIERED.jvmArgs(List.of("-Xmx1g"), Map.of())).isEmpty();
    // A worker's whole list: the compilation's, then the suite's.
    assertThat(WorkerJit.C1_ONLY.withSuiteArgs(List.of("-Xmx1g"), Map.of()))
        .containsExactly("-XX:TieredStopAtLevel=1", "-Xmx1g");
    assertThat(WorkerJit.TIERED.withSuiteArgs(List.of("-Xmx1g"), Map.of()))
        .containsExactly("-Xmx1g");
  }

  @Test
  void aSuiteThatChoosesItsCompilationKeepsIt() {
    for (String own :
        List.of(
            "-XX:TieredStopAtLevel=4",
            "-XX:-TieredCompilation",
            "-XX:CICompilerCount=2",
            "-XX:+UseJVMCICompiler",
            "-XX:CompileThresholdScaling=0.5",
            "-Xint",
            "-Xcomp")) {
      assertThat(WorkerJit.C1_ONLY.jvmArgs(List.of("-Xmx1g", own), Map.of())).as(own).isEmpty();
    }
    assertThat(
            WorkerJit.C1_ONLY.jvmArgs(
                List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g -XX:TieredStopAtLevel=4")))
        .isEmpty();
    assertThat(WorkerJit.C1_ONLY.jvmArgs(List.of(), Map.of("JDK_JAVA_OPTIONS", "-Xint"))).isEmpty();
    // Other options, there or elsewhere, are not a choice of compilation.
    assertThat(
            WorkerJit.C1_ONLY.jvmArgs(
                List.of("-XX:+UseSerialGC", "-Dcompile.mode=fast"),
                Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g", "OTHER", "-Xint")))
        .containsExactly("-XX:TieredStopAtLevel=1");
  }
}
