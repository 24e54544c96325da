package dev.jxdist.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import org.junit.jupiter.api.Test;

/**
 * Whatever a test throws is flattened into a failure: a flattening that throws would lose the
 * failure on its way to the report, and a run would pass on it.
 */
class ThrowableInfoTest {

  @Test
  void anOrdinaryExceptionKeepsItsMessageAndItsWholeTrace() {
    ThrowableInfo info = ThrowableInfo.of(new IllegalStateException("boom", new Error("cause")));

    assertThat(info.className()).isEqualTo("java.lang.IllegalStateException");
    assertThat(info.message()).isEqualTo("boom");
    assertThat(info.stackTrace())
        .startsWith("java.lang.IllegalStateException: boom\n\tat ")
        .contains("Caused by: java.lang.Error: cause");
    assertThat(info.assertion()).isFalse();
  }

  /** printStackTrace recurses once per cause: thousands of causes overflow the stack. */
  @Test
  void causesTooDeepToPrintAreWrittenOneAfterTheOther() {
    RuntimeException deep = new RuntimeException("root");
    for (int i = 0; i < 20_000; i++) {
      deep = new RuntimeException("wrap " + i, deep);
    }

    ThrowableInfo info = ThrowableInfo.of(deep);

    assertThat(info.message()).isEqualTo("wrap 19999");
    assertThat(info.stackTrace())
        .startsWith("java.lang.RuntimeException: wrap 19999\n\tat ")
        .contains("Caused by: java.lang.RuntimeException: wrap 19998\n");
  }

  @Test
  void anExceptionWhoseOwnMethodsThrowIsStillAFailure() {
    AssertionError hostile =
        new AssertionError("expected") {
          @Override
          public String getMessage() {
            throw new UnsupportedOperationException("no message for you");
          }

          @Override
          public void printStackTrace(PrintWriter s) {
            throw new IllegalStateException("no trace either");
          }
        };

    ThrowableInfo info = ThrowableInfo.of(hostile);

    assertThat(info.message())
        .isEqualTo("(its getMessage() threw java.lang.UnsupportedOperationException)");
    assertThat(info.stackTrace()).contains("\tat ");
    assertThat(info.assertion()).isTrue();
  }

  @Test
  void aHugeMessageIsCutWithANoteOfWhatWasLeftOut() {
    String huge = "m".repeat(ThrowableInfo.TEXT_LIMIT + 5);

    ThrowableInfo info = ThrowableInfo.of(new AssertionError(huge));

    assertThat(info.message())
        .startsWith("mmm")
        .endsWith("\n... (5 more characters left out by jxdist)")
        .hasSize(
            ThrowableInfo.TEXT_LIMIT + "\n... (5 more characters left out by jxdist)".length());
    assertThat(info.stackTrace().length()).isLessThan(ThrowableInfo.TEXT_LIMIT + 100);
  }
}
