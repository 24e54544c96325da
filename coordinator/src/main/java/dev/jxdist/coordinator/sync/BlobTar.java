package dev.jxdist.coordinator.sync;

import dev.jxdist.coordinator.ssh.StdinWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The blobs a host lacks, and the manifest, as one tar archive (POSIX ustar) for {@link
 * StoreScript#receive} to unpack: each blob as {@code <2 hex>/<sha256>}, the manifest as {@value
 * #MANIFEST}, all readable by their owner only. After every {@value #GROUP_BYTES} bytes or {@value
 * #GROUP_FILES} blobs, and after the last, an empty marker {@code .g<N>}: when the host's tar names
 * it, every blob before it is whole, and the host hashes them while the rest arrives.
 *
 * <p>Each blob is written with exactly the size the manifest gives it, so a source that changed
 * since it was hashed still makes a well-formed archive: the host's check of each blob's hash finds
 * it. A local file that cannot be read ends the archive early; {@link #localFailure} then says
 * which. May be written more than once (each time from the start).
 */
final class BlobTar implements StdinWriter {

  /** The manifest's name in the archive. */
  static final String MANIFEST = "manifest.txt";

  /**
   * A group of blobs ends after this many bytes: each group costs the host a hashing process (about
   * 3 ms of CPU for openssl), and the last group is hashed after the stream ends.
   */
  static final long GROUP_BYTES = 32L << 20;

  /** A group of blobs ends after this many blobs. */
  static final int GROUP_FILES = 1000;

  private static final int BLOCK = 512;
  private static final int BUFFER = 64 * 1024;
  private static final long PROGRESS_BYTES = 1 << 20;
  private static final long MAX_OCTAL_SIZE = 077777777777L;

  /** One blob to send: its hash, the local file with its content and its size. */
  record Blob(String sha256, Path source, long size) {}

  /** Hears how far the archive has been written. */
  interface Progress {
    void written(int files, long bytes);
  }

  /** Reading a local file failed. */
  record LocalFailure(Path file, IOException cause) {}

  private final List<Blob> blobs;
  private final byte[] manifest;
  private final Progress progress;
  private volatile LocalFailure localFailure;

  BlobTar(List<Blob> blobs, byte[] manifest, Progress progress) {
    this.blobs = List.copyOf(blobs);
    this.manifest = manifest.clone();
    this.progress = progress;
  }

  /** The first local file that could not be read, if any, in the last writing. */
  Optional<LocalFailure> localFailure() {
    return Optional.ofNullable(localFailure);
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    localFailure = null;
    byte[] buffer = new byte[BUFFER];
    long bytes = 0;
    long reported = 0;
    int files = 0;
    int groups = 0;
    long groupBytes = 0;
    int groupFiles = 0;
    progress.written(0, 0);
    for (Blob blob : blobs) {
      out.write(header(blob.sha256().substring(0, 2) + "/" + blob.sha256(), blob.size()));
      long left = blob.size();
      try (InputStream in = open(blob.source())) {
        while (left > 0) {
          int n = read(in, buffer, (int) Math.min(buffer.length, left));
          if (n < 0) {
            // Shorter than hashed: fill up; the host finds that the content is not the blob.
            Arrays.fill(buffer, (byte) 0);
            n = (int) Math.min(buffer.length, left);
          }
          out.write(buffer, 0, n);
          left -= n;
          bytes += n;
          if (bytes - reported >= PROGRESS_BYTES) {
            progress.written(files, bytes);
            reported = bytes;
          }
        }
      } catch (LocalReadFailure e) {
        localFailure = new LocalFailure(blob.source(), e.ioCause());
        throw e;
      }
      out.write(new byte[padding(blob.size())]);
      files++;
      progress.written(files, bytes);
      reported = bytes;
      groupBytes += blob.size();
      groupFiles++;
      if (groupBytes >= GROUP_BYTES || groupFiles >= GROUP_FILES || files == blobs.size()) {
        out.write(header(".g" + groups++, 0));
        groupBytes = 0;
        groupFiles = 0;
      }
    }
    out.write(header(MANIFEST, manifest.length));
    out.write(manifest);
    out.write(new byte[padding(manifest.length)]);
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  /** A ustar header for a regular file {@code name} (at most 100 ASCII bytes), mode 0400. */
  static byte[] header(String name, long size) {
    byte[] h = new byte[BLOCK];
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    if (nameBytes.length > 100) {
      throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
    }
    System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
    octal(h, 100, 8, 0400);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    if (size <= MAX_OCTAL_SIZE) {
      octal(h, 124, 12, size);
    } else {
      // GNU's base-256 size for 8 GiB and more, which GNU tar, bsdtar and busybox read.
      h[124] = (byte) 0x80;
      for (int i = 0; i < 8; i++) {
        h[135 - i] = (byte) (size >>> (8 * i));
      }
    }
    octal(h, 136, 12, System.currentTimeMillis() / 1000);
    Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = '0';
    byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, h, 257, magic.length);
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    return h;
  }

  /** {@code value} in octal, zero-padded to {@code length - 1} digits and a NUL. */
  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    int pad = length - 1 - digits.length();
    if (pad < 0) {
      throw new IllegalArgumentException(value + " does not fit a tar field of " + length);
    }
    for (int i = 0; i < pad; i++) {
      h[offset + i] = '0';
    }
    byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(d, 0, h, offset + pad, d.length);
    h[offset + length - 1] = 0;
  }

  private static int padding(long size) {
    return (int) ((BLOCK - size % BLOCK) % BLOCK);
  }

  private static InputStream open(Path file) throws LocalReadFailure {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new LocalReadFailure(e);
    }
  }

  /** Up to {@code length} bytes, fewer only at the end of the file; -1 at its end. */
  private static int read(InputStream in, byte[] buffer, int length) throws LocalReadFailure {
    try {
      int n = in.readNBytes(buffer, 0, length);
      return n == 0 ? -1 : n;
    } catch (IOException e) {
      throw new LocalReadFailure(e);
    }
  }

  /** A read failure of a local file, told apart from a failure to write the archive. */
  private static final class LocalReadFailure extends IOException {
    private static final long serialVersionUID = 1L;

    LocalReadFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }

    IOException ioCause() {
      return (IOException) getCause();
    }
  }
}
