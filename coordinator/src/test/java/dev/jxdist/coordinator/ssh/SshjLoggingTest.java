package dev.jxdist.coordinator.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MarkerFactory;

class SshjLoggingTest {

  private final List<String> calls = new ArrayList<>();

  /** A logger that records each call as {@code method(args)} and has DEBUG on, TRACE off. */
  private Logger recording() {
    return (Logger)
        Proxy.newProxyInstance(
            Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "isDebugEnabled":
                  return true;
                case "isTraceEnabled":
                  return false;
                case "getName":
                  return "sshj";
                default:
                  calls.add(method.getName() + Arrays.toString(args));
                  return null;
              }
            });
  }

  @Test
  void everyLevelAboveTraceIsLoggedAsDebugWithItsLevelAsAPrefix() {
    Logger logger = SshjLogging.demoted(recording());
    IllegalStateException failure = new IllegalStateException("boom");

    logger.info("Client identity string: {}", "SSH-2.0-SSHJ");
    logger.warn("two {} {}", 1, 2);
    logger.error("lost", failure);
    logger.error(MarkerFactory.getMarker("m"), "marked {}", "x");
    logger.debug("as is");
    logger.trace("kept {}", "trace");

    assertThat(calls)
        .containsExactly(
            "debug[[INFO] Client identity string: {}, SSH-2.0-SSHJ]",
            "debug[[WARN] two {} {}, 1, 2]",
            "debug[[ERROR] lost, " + failure + "]",
            "debug[m, [ERROR] marked {}, x]",
            "debug[as is]",
            "trace[kept {}, trace]");
  }

  @Test
  void aLevelIsOnWhenTheDelegatesDebugIs() {
    Logger logger = SshjLogging.demoted(recording());

    assertThat(logger.isInfoEnabled()).isTrue();
    assertThat(logger.isWarnEnabled()).isTrue();
    assertThat(logger.isErrorEnabled()).isTrue();
    assertThat(logger.isTraceEnabled()).isFalse();
    assertThat(logger.getName()).isEqualTo("sshj");
  }
}
