package dev.jxdist.worker.diagnostics;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * What every thread of this JVM is doing, in the form jstack prints: a header line per thread
 * (name, daemon, priority, id, state), then its whole stack as {@code at} lines with the locks it
 * waits for and holds. {@link ThreadInfo#toString} is not used: it cuts stacks after eight frames.
 */
public final class ThreadDumps {

  private ThreadDumps() {}

  /** A dump of every live thread, now. */
  public static String now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ThreadInfo[] infos =
        threads.dumpAllThreads(
            threads.isObjectMonitorUsageSupported(), threads.isSynchronizerUsageSupported());
    StringBuilder out = new StringBuilder();
    out.append("Full thread dump of pid ").append(ProcessHandle.current().pid());
    out.append(" (").append(System.getProperty("java.vm.name", "")).append(' ');
    out.append(System.getProperty("java.version", "")).append("):\n");
    for (ThreadInfo info : infos) {
      out.append('\n');
      append(out, info);
    }
    return out.toString();
  }

  /**
   * A frame as jstack writes it: {@code fx.HangTest.sleeps(HangTest.java:12)}, with the module of a
   * JDK frame ({@code java.base@17.0.15/}) but without the class loader's name.
   */
  static String frame(StackTraceElement e) {
    StringBuilder s = new StringBuilder(e.getClassName()).append('.').append(e.getMethodName());
    s.append('(');
    if (e.getModuleName() != null) {
      s.append(e.getModuleName());
      if (e.getModuleVersion() != null) {
        s.append('@').append(e.getModuleVersion());
      }
      s.append('/');
    }
    if (e.isNativeMethod()) {
      s.append("Native Method");
    } else if (e.getFileName() == null) {
      s.append("Unknown Source");
    } else {
      s.append(e.getFileName());
      if (e.getLineNumber() >= 0) {
        s.append(':').append(e.getLineNumber());
      }
    }
    return s.append(')').toString();
  }

  private static void append(StringBuilder out, ThreadInfo info) {
    out.append('"').append(info.getThreadName()).append('"');
    if (info.isDaemon()) {
      out.append(" daemon");
    }
    out.append(" prio=").append(info.getPriority());
    out.append(" Id=").append(info.getThreadId());
    out.append(' ').append(info.getThreadState());
    if (info.getLockName() != null) {
      out.append(" on ").append(info.getLockName());
    }
    if (info.getLockOwnerName() != null) {
      out.append(" owned by \"")
          .append(info.getLockOwnerName())
          .append("\" Id=")
          .append(info.getLockOwnerId());
    }
    out.append('\n');
    StackTraceElement[] stack = info.getStackTrace();
    MonitorInfo[] monitors = info.getLockedMonitors();
    for (int i = 0; i < stack.length; i++) {
      out.append("\tat ").append(frame(stack[i])).append('\n');
      if (i == 0 && info.getLockInfo() != null) {
        out.append("\t-  waiting on ").append(info.getLockInfo()).append('\n');
      }
      for (MonitorInfo m : monitors) {
        if (m.getLockedStackDepth() == i) {
          out.append("\t-  locked ").append(m).append('\n');
        }
      }
    }
    LockInfo[] synchronizers = info.getLockedSynchronizers();
    if (synchronizers.length > 0) {
      out.append("\n\tLocked synchronizers:\n");
      for (LockInfo lock : synchronizers) {
        out.append("\t- ").append(lock).append('\n');
      }
    }
  }
}
