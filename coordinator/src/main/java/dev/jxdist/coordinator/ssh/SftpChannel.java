package dev.jxdist.coordinator.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * One SFTP channel on a host's SSH connection ({@link SshHost#openSftp}): uploads files with
 * pipelined writes and renames them into place without replacing what is already there. Paths are
 * the host's, absolute or relative to the login directory ({@code ~} is not expanded). Not
 * thread-safe: one thread uses a channel at a time; open one channel per thread.
 */
public final class SftpChannel implements AutoCloseable {

  /** Writes in flight before the first is confirmed: keeps the link busy on high latency. */
  private static final int UNCONFIRMED_WRITES = 32;

  private final String host;
  private final SFTPClient sftp;
  private final int chunkSize;

  SftpChannel(String host, SFTPClient sftp) {
    this.host = host;
    this.sftp = sftp;
    int packet = sftp.getSFTPEngine().getSubsystem().getRemoteMaxPacketSize();
    // The largest write that fits one channel packet, as sshj's own transfers size them.
    this.chunkSize = Math.max(4096, packet - 1024);
  }

  /**
   * Creates {@code remotePath}, which must not exist, with permissions {@code mode} (e.g. {@code
   * 0444}; the file is writable through this channel all the same), and writes {@code content} to
   * its end into it. Does not close {@code content}.
   *
   * @return the number of bytes written
   * @throws IOException if the file exists or cannot be created or written; a partial file may be
   *     left for the caller to {@link #deleteIfExists delete}
   */
  public long upload(InputStream content, String remotePath, int mode) throws IOException {
    FileAttributes attributes = new FileAttributes.Builder().withPermissions(mode).build();
    long total = 0;
    try (RemoteFile file =
        sftp.open(
            remotePath,
            EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL, OpenMode.TRUNC),
            attributes)) {
      try (OutputStream out = file.new RemoteFileOutputStream(0, UNCONFIRMED_WRITES)) {
        byte[] buffer = new byte[chunkSize];
        while (true) {
          int n = content.readNBytes(buffer, 0, buffer.length);
          if (n <= 0) {
            break;
          }
          out.write(buffer, 0, n);
          total += n;
        }
      }
    }
    return total;
  }

  /**
   * Renames {@code from} to {@code to} unless {@code to} exists (SFTP's plain rename never replaces
   * a file); if {@code to} exists, deletes {@code from}.
   *
   * @return {@code true} if renamed, {@code false} if {@code to} was already there
   */
  public boolean renameNoClobber(String from, String to) throws IOException {
    try {
      sftp.rename(from, to);
      return true;
    } catch (IOException e) {
      if (sftp.statExistence(to) != null) {
        deleteIfExists(from);
        return false;
      }
      throw e;
    }
  }

  /** Deletes a file if it is there. */
  public void deleteIfExists(String path) throws IOException {
    if (sftp.statExistence(path) != null) {
      sftp.rm(path);
    }
  }

  /** Whether {@code path} exists. */
  public boolean exists(String path) throws IOException {
    return sftp.statExistence(path) != null;
  }

  /** Closes the channel (not the connection); idempotent. */
  @Override
  public void close() {
    try {
      sftp.close();
    } catch (IOException e) {
      // The channel is gone either way.
    }
  }

  @Override
  public String toString() {
    return "SFTP channel to " + host;
  }
}
