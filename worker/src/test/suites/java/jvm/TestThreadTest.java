package jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The thread a test runs on, as Surefire's forked JVM has it; and tests that leave it interrupted. */
@TestMethodOrder(MethodOrderer.MethodName.class)
class TestThreadTest {

  @Test
  void a_runsOnTheMainThread() {
    Thread t = Thread.currentThread();
    assertEquals("main", t.getName());
    assertEquals("main", t.getThreadGroup().getName());
    assertFalse(t.isDaemon(), "the test thread is a daemon");
    assertFalse(new Thread(() -> {}).isDaemon(), "a thread the test creates is a daemon");
    assertSame(getClass().getClassLoader(), t.getContextClassLoader());
  }

  @Test
  void b_leavesTheInterruptFlagSet() {
    System.out.println("about to interrupt myself");
    Thread.currentThread().interrupt();
  }

  @Test
  void c_interruptsItselfThenFinishes() throws Exception {
    Thread.currentThread().interrupt();
    System.out.println("interrupted, still writing");
    assertTrue(Thread.interrupted());
    Thread.sleep(1);
    Thread.currentThread().interrupt();
  }
}
