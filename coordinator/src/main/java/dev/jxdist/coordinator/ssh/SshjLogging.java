package dev.jxdist.coordinator.ssh;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import net.schmizz.sshj.common.LoggerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;

/**
 * sshj's own log, moved down to DEBUG: its INFO lines (identity strings, algorithms) are noise on a
 * user's console, and its ERROR lines repeat what a {@link HostFailure} reports once, where it is
 * handled. A demoted line keeps its level as a prefix ({@code [WARN] ...}).
 *
 * <p>The demoting logger is a proxy of SLF4J's {@code Logger} interface rather than a subclass of
 * one of SLF4J's helpers: inside Maven ({@code mvn jxdist:test}) the plugin sees the SLF4J API that
 * Maven exports (1.7 in Maven 3.8), not the one jxdist was built with, and only the interface is in
 * both.
 */
final class SshjLogging implements LoggerFactory {

  @Override
  public Logger getLogger(String name) {
    return demoted(org.slf4j.LoggerFactory.getLogger(name));
  }

  /** {@code delegate}, with every line above TRACE logged as DEBUG. */
  static Logger demoted(Logger delegate) {
    return (Logger)
        Proxy.newProxyInstance(
            Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, new Demoted(delegate));
  }

  @Override
  public Logger getLogger(Class<?> clazz) {
    return getLogger(clazz.getName());
  }

  /** Logs TRACE as TRACE and everything above it as DEBUG to its delegate. */
  private static final class Demoted implements InvocationHandler {

    private final Logger delegate;

    Demoted(Logger delegate) {
      this.delegate = delegate;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (method.getDeclaringClass() == Object.class) {
        return switch (name) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "demoted " + delegate;
        };
      }
      switch (name) {
        case "isInfoEnabled", "isWarnEnabled", "isErrorEnabled":
          return delegate.isDebugEnabled();
        case "info", "warn", "error":
          Object[] demoted = args.clone();
          int message = demoted[0] instanceof Marker ? 1 : 0;
          demoted[message] = "[" + name.toUpperCase(Locale.ROOT) + "] " + demoted[message];
          return call(Logger.class.getMethod("debug", method.getParameterTypes()), demoted);
        default:
          return call(method, args);
      }
    }

    private Object call(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
