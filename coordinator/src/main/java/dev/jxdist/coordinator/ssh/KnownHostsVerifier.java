package dev.jxdist.coordinator.ssh;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks one connection's host key against a known_hosts file and remembers what it found, so that
 * a failed handshake can say whether the key was unknown or changed. With {@code acceptNew}, an
 * unknown key is appended to the file (under a lock, as several hosts connect at once); a changed
 * key is always refused.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {

  /** What the check found. */
  enum Verdict {
    /** Not checked yet, or the key matched. */
    NONE,
    /** The host is not in the file (and was not accepted). */
    UNKNOWN,
    /** The file lists another key of that type for the host. */
    CHANGED,
    /** The host was new and its key could not be written to the file. */
    NOT_RECORDED
  }

  /** Serializes appends by the threads of this JVM; a file lock keeps other processes out. */
  private static final Object APPEND_LOCK = new Object();

  private final Path file;
  private final boolean acceptNew;
  private volatile Verdict verdict = Verdict.NONE;
  private volatile String writeError = "";

  private KnownHostsVerifier(Path file, String text, boolean acceptNew) throws IOException {
    super(new StringReader(text), new SshjLogging());
    this.file = file;
    this.acceptNew = acceptNew;
  }

  /** Reads {@code file} (a missing file lists no host). */
  static KnownHostsVerifier read(Path file, boolean acceptNew) throws IOException {
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    return new KnownHostsVerifier(file, text, acceptNew);
  }

  Verdict verdict() {
    return verdict;
  }

  /** Why the key could not be recorded, for {@link Verdict#NOT_RECORDED}. */
  String writeError() {
    return writeError;
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    if (!acceptNew) {
      verdict = Verdict.UNKNOWN;
      return false;
    }
    try {
      append(new HostEntry(null, hostname, KeyType.fromKey(key), key).getLine());
      return true;
    } catch (IOException | RuntimeException e) {
      writeError = String.valueOf(e.getMessage());
      verdict = Verdict.NOT_RECORDED;
      return false;
    }
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    verdict = Verdict.CHANGED;
    return false;
  }

  private void append(String line) throws IOException {
    synchronized (APPEND_LOCK) {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock();
        long size = channel.size();
        boolean newline = true;
        if (size > 0) {
          ByteBuffer last = ByteBuffer.allocate(1);
          channel.read(last, size - 1);
          newline = last.get(0) == '\n';
        }
        String text = (newline ? "" : "\n") + line + "\n";
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), size);
        lock.release();
      }
    }
  }
}
