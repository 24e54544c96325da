package dev.jxdist.coordinator.ssh;

import net.schmizz.sshj.common.LoggerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * sshj's own log, moved down to DEBUG: its INFO lines (identity strings, algorithms) are noise on a
 * user's console, and its ERROR lines repeat what a {@link HostFailure} reports once, where it is
 * handled.
 */
final class SshjLogging implements LoggerFactory {

  @Override
  public Logger getLogger(String name) {
    return new Demoted(org.slf4j.LoggerFactory.getLogger(name));
  }

  @Override
  public Logger getLogger(Class<?> clazz) {
    return getLogger(clazz.getName());
  }

  /** A logger that logs TRACE as TRACE and everything else as DEBUG to its delegate. */
  private static final class Demoted extends AbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient Logger delegate;

    Demoted(Logger delegate) {
      this.delegate = delegate;
      this.name = delegate.getName();
    }

    @Override
    public boolean isTraceEnabled() {
      return delegate.isTraceEnabled();
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
      return delegate.isDebugEnabled();
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
      return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return delegate.isDebugEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
      return delegate.isDebugEnabled();
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return delegate.isDebugEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
      return delegate.isDebugEnabled();
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return delegate.isDebugEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      String message = MessageFormatter.basicArrayFormat(pattern, arguments);
      if (level == Level.TRACE) {
        delegate.trace(message, throwable);
      } else {
        delegate.debug("[" + level + "] " + message, throwable);
      }
    }
  }
}
