package dev.jxdist.coordinator.ssh;

/**
 * Quoting for POSIX {@code sh}, so that paths and arguments reach a remote command as given. A path
 * that starts with {@code ~/} keeps its meaning on the host: it becomes {@code "$HOME"/...}.
 */
public final class Shell {

  private Shell() {}

  /** {@code word} as one sh word: in single quotes, with embedded single quotes escaped. */
  public static String quote(String word) {
    if (!word.isEmpty() && word.chars().allMatch(Shell::isSafe)) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** A remote path as one sh word; a leading {@code ~} or {@code ~/} is the remote user's home. */
  public static String path(String path) {
    if (path.equals("~")) {
      return "\"$HOME\"";
    }
    if (path.startsWith("~/")) {
      String rest = path.substring(2);
      return rest.isEmpty() ? "\"$HOME\"/" : "\"$HOME\"/" + quote(rest);
    }
    return quote(path);
  }

  /**
   * {@code sh -c 'script'}: the command line that runs {@code script} in sh whatever the login
   * shell.
   */
  public static String sh(String script) {
    return "sh -c " + quote(script);
  }

  private static boolean isSafe(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-_./=:,+@%".indexOf(c) >= 0;
  }
}
