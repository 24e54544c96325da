package dev.jxdist.coordinator.report;

import static dev.jxdist.coordinator.report.SampleRuns.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jxdist.coordinator.report.SampleRuns.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final ManualClock clock = new ManualClock();

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private List<String> progressLines() {
    List<String> lines = new ArrayList<>();
    for (String line : output().split("\n", -1)) {
      if (line.startsWith("[")) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void theLastLineIsTheSummary() {
    try (ConsoleReporter console = new ConsoleReporter(out, false, clock, 79, false)) {
      console.runFinished(SampleRuns.mixed());
    }
    String[] lines = output().split("\n");
    String last = lines[lines.length - 1];
    assertThat(last)
        .isEqualTo(
            "9 tests: 2 passed, 1 failed, 1 errors, 2 skipped, 1 crashed, 2 flaky in 3.1s on 2"
                + " workers");
    Matcher m = SummaryLine.PATTERN.matcher(last);
    assertThat(m.matches()).isTrue();
    assertThat(m.group("total")).isEqualTo("9");
    assertThat(m.group("crashed")).isEqualTo("1");
    assertThat(m.group("flaky")).isEqualTo("2");
    assertThat(m.group("workers")).isEqualTo("2");
    assertThat(output()).endsWith(last + "\n");
  }

  @Test
  void summaryLineNamesCrashedAndFlakyOnlyWhenThereAreAny() {
    assertThat(SummaryLine.format(new RunSummary(75, 70, 2, 1, 2, 0, 0, 3.14, 1), 2))
        .isEqualTo("75 tests: 70 passed, 2 failed, 1 errors, 2 skipped in 3.1s on 2 workers");
    assertThat(SummaryLine.format(new RunSummary(1, 1, 0, 0, 0, 0, 0, 12.96, 0), 1))
        .isEqualTo("1 tests: 1 passed, 0 failed, 0 errors, 0 skipped in 13.0s on 1 worker");
    assertThat(SummaryLine.format(new RunSummary(3, 1, 0, 0, 0, 0, 2, 0.04, 0), 4))
        .isEqualTo(
            "3 tests: 1 passed, 0 failed, 0 errors, 0 skipped, 2 flaky in 0.0s on 4 workers");
    Matcher m =
        SummaryLine.PATTERN.matcher(
            "75 tests: 70 passed, 2 failed, 1 errors, 2 skipped in 3.1s on 1 worker");
    assertThat(m.matches()).isTrue();
    assertThat(m.group("passed")).isEqualTo("70");
    assertThat(m.group("crashed")).isNull();
    assertThat(m.group("wall")).isEqualTo("3.1");
  }

  @Test
  void failuresAreListedWithMessageTraceAndOutput() {
    try (ConsoleReporter console = new ConsoleReporter(out, false, clock, 79, false)) {
      console.runFinished(SampleRuns.mixed());
    }
    String text = output();

    assertThat(text).contains("Failures (3):");
    assertThat(text)
        .contains(
            "1) fx.CalcTest > fails()  FAILED  (w1 on localhost, 0.020s)\n"
                + "    org.opentest4j.AssertionFailedError: expected: <2> but was: <3>\n"
                + "        at org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:38)\n"
                + "        at org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:531)\n"
                + "        at fx.CalcTest.fails(CalcTest.java:12)\n"
                + "        ... 4 framework frames\n"
                + "    --- stdout ---\n"
                + "    out "
                + SampleRuns.HOSTILE
                + "\n"
                + "    --- stderr ---\n"
                + "    err "
                + SampleRuns.HOSTILE
                + "\n");
    assertThat(text)
        .contains(
            "2) fx.CalcTest > add(int)[2]  ERROR  (w1 on localhost, 0.003s)\n"
                + "    java.lang.IllegalStateException: boom\n"
                + "        at fx.CalcTest.add(CalcTest.java:20)\n"
                + "    Caused by: java.io.IOException: disk\n"
                + "        at fx.Disk.read(Disk.java:7)\n"
                + "        ... 1 more\n");
    assertThat(text)
        .contains(
            "3) fx.Outer$Inner > crashed()  CRASHED  (w2 on localhost, 1.000s)\n"
                + "    worker w2 crashed: exit 137\n"
                + "    --- stderr ---\n"
                + "    Killed\n");
    assertThat(text).doesNotContain("passes()").doesNotContain("skipped()");
    assertThat(text).doesNotContain("expected: <2> but was: <3>\n    org.opentest4j");
  }

  @Test
  void theSummaryBlockNamesFlakyTestsBadWorkersAndSync() {
    try (ConsoleReporter console = new ConsoleReporter(out, false, clock, 79, false)) {
      console.runFinished(SampleRuns.mixed());
    }
    String text = output();
    assertThat(text)
        .contains(
            "\nflaky: fx.Outer$Inner > flaky() failed, then passed (2 attempts)\n"
                + "flaky: fx.Other > errorFlaky() failed, then passed (3 attempts)\n"
                + "worker w2 (localhost, pid 102) crashed after 3 tests\n"
                + "worker w3 (build3) did not take part\n"
                + "sync build3: 15 of 1200 files uploaded (1.5 MiB) in 0.8s\n"
                + "9 tests:");
  }

  @Test
  void aLongOutputShowsItsTail() {
    StringBuilder stderr = new StringBuilder();
    for (int i = 1; i <= 25; i++) {
      stderr.append(String.format("stderr line %02d%n", i));
    }
    TestResult noisy =
        SampleRuns.withOutput(
            SampleRuns.withProblem(
                result("fx.Noisy", "loud()", TestStatus.FAILED), "too loud", null, 1),
            "",
            stderr.toString());
    try (ConsoleReporter console = new ConsoleReporter(out, false, clock, 79, false)) {
      console.runFinished(run(List.of(noisy)));
    }
    String text = output();
    assertThat(text).contains("    too loud\n    --- stderr (last 20 of 25 lines) ---\n");
    assertThat(text).contains("    stderr line 06\n").contains("    stderr line 25\n");
    assertThat(text).doesNotContain("stderr line 05");
  }

  @Test
  void aVeryLongTraceIsCut() {
    StringBuilder trace = new StringBuilder("java.lang.StackOverflowError\n");
    for (int i = 0; i < 1000; i++) {
      trace.append("\tat fx.Deep.recurse(Deep.java:5)\n");
    }
    List<String> lines = ConsoleSummary.shortTrace(trace.toString());
    assertThat(lines).hasSize(ConsoleSummary.MAX_TRACE_LINES + 1);
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("\t... 961 more lines (the XML report has the whole trace)");
  }

  @Test
  void frameworkFramesAboveTheTestsOwnCodeAreKept() {
    String trace =
        "java.util.ConcurrentModificationException\n"
            + "\tat java.base/java.util.ArrayList$Itr.checkForComodification(ArrayList.java:1013)\n"
            + "\tat java.base/java.util.ArrayList$Itr.next(ArrayList.java:967)\n"
            + "\tat fx.ListTest.mutates(ListTest.java:9)\n"
            + "\tat java.base/java.lang.reflect.Method.invoke(Method.java:568)\n";
    assertThat(ConsoleSummary.shortTrace(trace))
        .containsExactly(
            "java.util.ConcurrentModificationException",
            "\tat java.base/java.util.ArrayList$Itr.checkForComodification(ArrayList.java:1013)",
            "\tat java.base/java.util.ArrayList$Itr.next(ArrayList.java:967)",
            "\tat fx.ListTest.mutates(ListTest.java:9)",
            "\t... 1 framework frame");
  }

  @Test
  void modulesAndClassLoadersDoNotHideFrameworkFrames() {
    String trace =
        "java.lang.AssertionError: no\n"
            + "\tat app//fx.ModTest.check(ModTest.java:3)\n"
            + "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(D.java:1)\n"
            + "\tat org.junit.platform.commons@1.14.4/org.junit.platform.X.run(X.java:2)\n"
            + "\tat app//fx.Helper.after(Helper.java:9)\n";
    assertThat(ConsoleSummary.shortTrace(trace))
        .containsExactly(
            "java.lang.AssertionError: no",
            "\tat app//fx.ModTest.check(ModTest.java:3)",
            "\t... 2 framework frames",
            "\tat app//fx.Helper.after(Helper.java:9)");
  }

  @Test
  void aRunThatOnlyFinishesStartsNoThread() {
    ConsoleReporter console = new ConsoleReporter(out, false, clock);
    console.runFinished(run(List.of()));
    assertThat(refreshThreadAlive()).isFalse();
    console.close();
  }

  @Test
  void offATerminalProgressIsAPlainLineAtMostEveryFiveSeconds() {
    String crlf = "progress 10%\rprogress 20%\r\n";
    try (ConsoleReporter console = new ConsoleReporter(out, false, clock, 79, false)) {
      console.progress(0, 20, true);
      assertThat(progressLines()).containsExactly("[ 0/20] 0 failed");

      for (int i = 0; i < 4; i++) {
        clock.advance(Duration.ofSeconds(1));
        console.testFinished(result("fx.A", "t" + i + "()", TestStatus.PASSED));
        console.progress(i + 1, 20, true);
        console.workerActivity("w1", "fx.A");
      }
      assertThat(progressLines()).as("within 5 s: nothing new").hasSize(1);

      clock.advance(Duration.ofSeconds(1));
      console.testFinished(result("fx.A", "t4()", TestStatus.FAILED));
      console.progress(5, 20, true);
      assertThat(progressLines())
          .containsExactly("[ 0/20] 0 failed", "[ 5/20] 1 failed | w1: fx.A");

      clock.advance(Duration.ofSeconds(1));
      console.workerActivity("w2", "fx.B");
      console.notice("worker w3 on build3 crashed: exit 137\r\nits tests go back to the pool");
      clock.advance(Duration.ofMillis(3999));
      console.tick();
      assertThat(progressLines()).hasSize(2);
      clock.advance(Duration.ofMillis(1));
      console.tick();
      console.tick();
      assertThat(progressLines())
          .containsExactly(
              "[ 0/20] 0 failed",
              "[ 5/20] 1 failed | w1: fx.A",
              "[ 5/20] 1 failed | w1: fx.A  w2: fx.B");

      clock.advance(Duration.ofSeconds(60));
      console.tick();
      assertThat(progressLines()).as("nothing changed: nothing printed").hasSize(3);

      TestResult noisy =
          SampleRuns.withOutput(
              SampleRuns.withProblem(
                  result("fx.A", "dynamic\rname", TestStatus.FAILED), "bad\rworse", null, 1),
              crlf,
              crlf);
      console.runFinished(run(List.of(noisy)));
    }
    String text = output();
    assertThat(text).doesNotContain("\r");
    assertThat(text)
        .contains("\nworker w3 on build3 crashed: exit 137\nits tests go back to the pool\n");
    assertThat(text).contains("    progress 10%\n    progress 20%\n");
    assertThat(text).contains("1) fx.A > dynamic?name  FAILED").contains("    bad\n    worse\n");
  }

  @Test
  void untilDiscoveryIsCompleteTheTotalIsMarkedAsKnownSoFar() {
    try (ConsoleReporter console = new ConsoleReporter(out, false, clock, 79, false)) {
      // One module discovered of two; then the other, with parameterized tests still to come.
      console.progress(0, 12, false);
      clock.advance(Duration.ofSeconds(5));
      console.progress(3, 40, false);
      clock.advance(Duration.ofSeconds(5));
      console.progress(9, 46, true);
      clock.advance(Duration.ofSeconds(5));
      console.progress(46, 46, true);
    }
    assertThat(progressLines())
        .containsExactly(
            "[ 0/12+] 0 failed", "[ 3/40+] 0 failed", "[ 9/46] 0 failed", "[46/46] 0 failed");
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlaceAtMostTenTimesASecond() {
    try (ConsoleReporter console = new ConsoleReporter(out, true, clock, 79, false)) {
      console.progress(0, 2000, true);
      console.workerActivity("w1", "fx.SlowTest");
      console.workerActivity("w2", "idle");
      for (int i = 0; i < 412; i++) {
        clock.advance(Duration.ofMillis(1));
        console.testFinished(
            result("fx.A", "t" + i + "()", i < 3 ? TestStatus.ERROR : TestStatus.PASSED));
        console.progress(i + 1, 2000, true);
      }
      // 412 events in 0.412 s: the first draw and one every 100 ms.
      assertThat(output().chars().filter(c -> c == '\r').count()).isEqualTo(5);
      clock.advance(Duration.ofMillis(100));
      console.tick();
      String text = output();
      assertThat(text).startsWith("\r[   0/2000] 0 failed");
      assertThat(text).endsWith("\r[ 412/2000] 3 failed | w1: fx.SlowTest  w2: idle");
      assertThat(text).doesNotContain("\n");

      // A shorter line is padded so that nothing of the longer one is left.
      console.workerActivity("w2", "x");
      clock.advance(Duration.ofMillis(100));
      console.workerActivity("w1", "y");
      String after = output().substring(text.length());
      assertThat(after).isEqualTo("\r[ 412/2000] 3 failed | w1: y  w2: x" + " ".repeat(48 - 35));
    }
    assertThat(output()).endsWith("\r" + " ".repeat(35) + "\r");
  }

  @Test
  void onATerminalANoticeClearsTheLineAndTheLineComesBack() {
    try (ConsoleReporter console = new ConsoleReporter(out, true, clock, 79, false)) {
      console.progress(0, 3, true);
      int before = output().length();
      console.notice("host build3: unreachable; running on the others");
      assertThat(output().substring(before))
          .isEqualTo(
              "\r"
                  + " ".repeat(14)
                  + "\r"
                  + "host build3: unreachable; running on the others\n"
                  + "\r[0/3] 0 failed");
      int beforeEnd = output().length();
      console.runFinished(run(List.of(result("fx.A", "a()", TestStatus.PASSED))));
      String end = output().substring(beforeEnd);
      assertThat(end).startsWith("\r" + " ".repeat(14) + "\r\n");
      assertThat(end)
          .endsWith("\n1 tests: 1 passed, 0 failed, 0 errors, 0 skipped in 1.0s on 0 workers\n");
    }
  }

  @Test
  void onATerminalTheLineFitsTheWidth() {
    try (ConsoleReporter console = new ConsoleReporter(out, true, clock, 60, false)) {
      console.progress(0, 10, true);
      clock.advance(Duration.ofSeconds(1));
      console.workerActivity("w1", "com.example.deep.pkg.SlowTest");
      clock.advance(Duration.ofSeconds(1));
      console.workerActivity("w2", "com.example.deep.pkg.OtherTest");
      // The full names would not fit: packages go; the rest of the longer line is blanked.
      String shortened = "[ 0/10] 0 failed | w1: SlowTest  w2: OtherTest";
      String previous = "[ 0/10] 0 failed | w1: com.example.deep.pkg.SlowTest";
      assertThat(output())
          .endsWith("\r" + shortened + " ".repeat(previous.length() - shortened.length()));
      clock.advance(Duration.ofSeconds(1));
      console.workerActivity("w10", "com.example.deep.pkg.ThirdTest  plus more words here");
      String line = output().substring(output().lastIndexOf('\r') + 1);
      assertThat(line).hasSize(60).endsWith("...").startsWith(shortened + "  w10: ");
    }
  }

  @Test
  void offATerminalEachHostGetsOneLineWhenItsSyncIsOver() {
    try (ConsoleReporter console = new ConsoleReporter(out, false, clock, 79, false)) {
      console.hostsPreparing(List.of("build1", "build2"));
      console.uploading("build1", 0, 12, 0, 3_250_000);
      clock.advance(Duration.ofSeconds(10));
      console.uploading("build1", 5, 12, 1_000_000, 3_250_000);
      console.tick();
      assertThat(output()).isEmpty();

      console.hostReady("build1", new SyncStats(310, 12, 3_250_000, 1.42));
      console.hostFailed("build2");
      console.hostReady("build3", new SyncStats(310, 0, 0, 0.08));
    }
    assertThat(output())
        .isEqualTo(
            "sync build1: 310 files, 12 uploaded, 3.1 MiB in 1.4s\n"
                + "sync build3: 310 files, 0 uploaded, 0 B in 0.1s\n");
  }

  @Test
  void onATerminalOneLineShowsEveryHostsSyncUntilAllAreOver() {
    try (ConsoleReporter console = new ConsoleReporter(out, true, clock, 79, false)) {
      console.hostsPreparing(List.of("build1", "build2", "build3"));
      assertThat(output()).isEqualTo("\rsync: build1 ... | build2 ... | build3 ...");
      clock.advance(Duration.ofMillis(100));
      console.uploading("build1", 45, 310, 42_152_755, 110_415_667);
      clock.advance(Duration.ofMillis(100));
      console.hostReady("build2", new SyncStats(310, 0, 0, 0.1));
      String line = "sync: build1 45/310 files 40.2/105.3 MiB | build2 done | build3 ...";
      assertThat(output()).endsWith("\r" + line);
      assertThat(output()).doesNotContain("\n");

      clock.advance(Duration.ofMillis(100));
      int before = output().length();
      console.hostFailed("build3");
      // Cleared for the failure's own line; drawn again at the next chance.
      assertThat(output().substring(before)).startsWith("\r" + " ".repeat(line.length()) + "\r");
      clock.advance(Duration.ofMillis(100));
      console.uploading("build1", 310, 310, 110_415_667, 110_415_667);
      assertThat(output())
          .endsWith("\rsync: build1 310/310 files 105.3/105.3 MiB | build2 done | build3 failed");

      before = output().length();
      console.hostReady("build1", new SyncStats(310, 310, 110_415_667, 1.4));
      // All over: the line goes, and the run's progress line takes its place.
      assertThat(output().substring(before)).matches("\r +\r");
      console.progress(0, 10, true);
      assertThat(output()).endsWith("\r[ 0/10] 0 failed");
    }
  }

  @Test
  void theSyncLineIsCutToTheWidth() {
    SyncLine line = new SyncLine();
    line.hosts(List.of("build-host-one.example.com", "build-host-two.example.com"));
    line.uploading("build-host-one.example.com", 1, 2, 1024 * 1024, 2 * 1024 * 1024);

    assertThat(line.render(0))
        .isEqualTo(
            "sync: build-host-one.example.com 1/2 files 1.0/2.0 MiB |"
                + " build-host-two.example.com ...");
    assertThat(line.render(40)).hasSize(40).endsWith("...").startsWith("sync: build-host-one");
    assertThat(line.active()).isTrue();
    line.done("build-host-one.example.com");
    line.failed("build-host-two.example.com");
    assertThat(line.active()).isFalse();
  }

  @Test
  void theTotalSaysSoWhileMoreTestsMayComeAndWorkersAreSorted() {
    ProgressLine line = new ProgressLine();
    assertThat(line.render(0, Instant.EPOCH)).isEqualTo("[0/?] 0 failed");
    line.counts(0, 340, false);
    assertThat(line.render(0, Instant.EPOCH)).isEqualTo("[  0/340+] 0 failed");

    line.activity("w10", "fx.C");
    line.activity("w2", "fx.B");
    line.activity("w1", "idle\u001b[2J");
    line.finished(TestStatus.CRASHED);
    line.finished(TestStatus.SKIPPED);
    line.finished(TestStatus.FLAKY);
    line.counts(3, 352, false);
    assertThat(line.render(0, Instant.EPOCH))
        .isEqualTo("[  3/352+] 1 failed | w1: idle?[2J  w2: fx.B  w10: fx.C");

    // Discovery is complete: the total is final and the + goes.
    line.counts(3, 355, true);
    assertThat(line.render(0, Instant.EPOCH))
        .isEqualTo("[  3/355] 1 failed | w1: idle?[2J  w2: fx.B  w10: fx.C");
  }

  @Test
  void aFleetIsCountedByWhatItsWorkersDoInALogAndWhereTheirNamesDoNotFit() {
    ProgressLine line = new ProgressLine();
    line.counts(0, 10, true);
    for (int i = 1; i <= ProgressLine.MANY_WORKERS; i++) {
      line.activity("w" + i, i <= 10 ? "fx.deep.Test" + i : "discovering");
    }
    // As many as a line can name: each with what it does, in a log too.
    assertThat(line.render(0, Instant.EPOCH))
        .startsWith("[ 0/10] 0 failed | w1: fx.deep.Test1  w2: fx.deep.Test2");
    line.activity("w13", "idle");
    line.activity("w14", "crashed");

    String counted = "[ 0/10] 0 failed | 14 workers: 10 running, 2 discovering, 1 idle, 1 crashed";
    assertThat(line.render(0, Instant.EPOCH)).isEqualTo(counted);
    assertThat(line.render(100, Instant.EPOCH)).isEqualTo(counted);
    // A terminal wide enough names them all.
    assertThat(line.render(1000, Instant.EPOCH))
        .startsWith("[ 0/10] 0 failed | w1: fx.deep.Test1")
        .endsWith("w13: idle  w14: crashed");
  }

  @Test
  void aTitleNamesTheSuiteOfATesterAndAWholeClassOnce() {
    assertThat(ConsoleSummary.title(result("fx.Outer$Inner", "t()", TestStatus.FAILED)))
        .isEqualTo("fx.Outer$Inner > t()");
    TestResult tester = result("fx.AddTester", "testAdd", TestStatus.FAILED);
    assertThat(
            ConsoleSummary.title(
                SampleRuns.named(
                    tester, new SurefireName("fx.SetsTest", "fx.SetsTest", "testAdd"))))
        .isEqualTo("fx.SetsTest > fx.AddTester > testAdd");
    assertThat(ConsoleSummary.title(result("fx.SetUpFails", "fx.SetUpFails", TestStatus.ERROR)))
        .isEqualTo("fx.SetUpFails");
  }

  @Test
  void theEtaIsRoundedToTheSecondWithMinutesAndHoursWhenLong() {
    assertThat(ProgressLine.eta(Duration.ZERO)).isEqualTo("0s");
    assertThat(ProgressLine.eta(Duration.ofMillis(499))).isEqualTo("0s");
    assertThat(ProgressLine.eta(Duration.ofMillis(12_500))).isEqualTo("13s");
    assertThat(ProgressLine.eta(Duration.ofMillis(59_499))).isEqualTo("59s");
    assertThat(ProgressLine.eta(Duration.ofMillis(59_500))).isEqualTo("1m00s");
    assertThat(ProgressLine.eta(Duration.ofSeconds(65))).isEqualTo("1m05s");
    assertThat(ProgressLine.eta(Duration.ofSeconds(3599))).isEqualTo("59m59s");
    assertThat(ProgressLine.eta(Duration.ofHours(1))).isEqualTo("1h00m");
    assertThat(ProgressLine.eta(Duration.ofSeconds(2 * 3600 + 3 * 60 + 59))).isEqualTo("2h03m");
  }

  @Test
  void theEtaFollowsTheFailuresAndCountsDownToZero() {
    ProgressLine line = new ProgressLine();
    line.counts(0, 10, true);
    line.activity("w1", "fx.SlowTest");
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    assertThat(line.render(0, start)).isEqualTo("[ 0/10] 0 failed | w1: fx.SlowTest");
    assertThat(line.hasEstimate()).isFalse();

    line.estimate(start.plusSeconds(75));

    assertThat(line.hasEstimate()).isTrue();
    assertThat(line.render(0, start)).isEqualTo("[ 0/10] 0 failed  ETA 1m15s | w1: fx.SlowTest");
    assertThat(line.render(0, start.plusSeconds(70))).contains("  ETA 5s |");
    assertThat(line.render(0, start.plusSeconds(90))).contains("  ETA 0s |");
  }

  @Test
  void onATerminalTheEtaCountsDownBetweenEstimates() {
    try (ConsoleReporter console = new ConsoleReporter(out, true, clock, 79, false)) {
      console.progress(0, 4, true);
      console.estimate(Duration.ofSeconds(30));
      clock.advance(Duration.ofMillis(100));
      console.tick();
      assertThat(output()).endsWith("\r[0/4] 0 failed  ETA 30s");

      // Nothing happens but time passing: the line is redrawn once the second shown changes.
      clock.advance(Duration.ofMillis(300));
      console.tick();
      assertThat(output()).endsWith("\r[0/4] 0 failed  ETA 30s");
      clock.advance(Duration.ofSeconds(2));
      console.tick();
      assertThat(output()).endsWith("\r[0/4] 0 failed  ETA 28s");

      // A new estimate replaces the old one.
      clock.advance(Duration.ofMillis(100));
      console.estimate(Duration.ofSeconds(90));
      assertThat(output()).endsWith("\r[0/4] 0 failed  ETA 1m30s");
    }
  }

  @Test
  void inALogTheEtaIsShownButTimePassingAloneDrawsNoLine() {
    try (ConsoleReporter console = new ConsoleReporter(out, false, clock, 79, false)) {
      console.progress(0, 4, true);
      console.estimate(Duration.ofSeconds(30));
      clock.advance(Duration.ofSeconds(6));
      console.tick();
      // Drawn 6 s after the estimate was given: 24 s are left.
      assertThat(progressLines()).containsExactly("[0/4] 0 failed", "[0/4] 0 failed  ETA 24s");
      clock.advance(Duration.ofSeconds(6));
      console.tick();
      assertThat(progressLines()).hasSize(2);
    }
  }

  @Test
  void theSlowestTestsAndClassesComeAfterTheFailuresAndBeforeTheSummary() {
    try (ConsoleReporter console = new ConsoleReporter(out, false, clock, 79, false, 2)) {
      console.runFinished(SampleRuns.mixed());
    }
    String text = output();
    int failures = text.indexOf("Failures (");
    int slowest = text.indexOf("\nslowest 2 tests:\n");
    int classes = text.indexOf("\nslowest ", slowest + 1);
    int summary = text.indexOf("9 tests: ");
    assertThat(failures).isNotNegative();
    assertThat(slowest).isGreaterThan(failures);
    assertThat(classes).isGreaterThan(slowest);
    assertThat(summary).isGreaterThan(classes);
  }

  @Test
  void withoutADurationsReportNoSlowestListIsPrinted() {
    try (ConsoleReporter console = new ConsoleReporter(out, false, clock, 79, false)) {
      console.runFinished(SampleRuns.mixed());
    }
    assertThat(output()).doesNotContain("slowest");
  }

  @Test
  void closeIsIdempotentAndAClosedReporterRefusesEvents() {
    ConsoleReporter console = new ConsoleReporter(out, true, clock, 79, false);
    console.progress(0, 1, true);
    console.close();
    console.close();
    assertThat(output()).isEqualTo("\r[0/1] 0 failed\r" + " ".repeat(14) + "\r");
    assertThatThrownBy(() -> console.testFinished(result("fx.A", "a()", TestStatus.PASSED)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void theRefreshThreadDrawsAnUpdateTheThrottleHeldBack() throws Exception {
    ConsoleReporter console = new ConsoleReporter(out, true, clock, 79, true);
    try {
      console.progress(0, 5, true);
      console.testFinished(result("fx.A", "a()", TestStatus.PASSED));
      console.progress(1, 5, true);
      assertThat(output()).doesNotContain("[1/5]");
      assertThat(refreshThreadAlive()).isTrue();
      clock.advance(Duration.ofMillis(100));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!output().contains("[1/5]") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(output()).endsWith("\r[1/5] 0 failed");
    } finally {
      console.close();
    }
    // The executor reports termination just before its thread is gone: allow it that moment.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (refreshThreadAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(refreshThreadAlive()).as("close stops the thread").isFalse();
  }

  private static boolean refreshThreadAlive() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("console-progress") && thread.isAlive()) {
        return true;
      }
    }
    return false;
  }

  private static RunReport run(List<TestResult> tests) {
    int failed = 0;
    int passed = 0;
    for (TestResult test : tests) {
      if (test.status() == TestStatus.FAILED) {
        failed++;
      } else {
        passed++;
      }
    }
    return new RunReport(
        new RunSummary(tests.size(), passed, failed, 0, 0, 0, 0, 1.0, failed > 0 ? 1 : 0),
        List.of(),
        List.of(),
        tests);
  }
}
