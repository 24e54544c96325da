package dev.jxdist.coordinator.machine;

import dev.jxdist.common.wire.BlobChunk;
import dev.jxdist.common.wire.JoinMapper;
import dev.jxdist.common.wire.MalformedMessageException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.function.BooleanSupplier;

/**
 * One blob's bytes as they arrive in a FetchBlobs call: reads the call's chunks up to the blob's
 * last one. A chunk of another blob, an early end of the call or a failed call is an {@link
 * IOException} naming the blob, so that the store discards what it received.
 */
final class ChunkStream extends InputStream {

  private final Iterator<dev.jxdist.proto.v1.BlobChunk> chunks;
  private final String sha256;
  private final BooleanSupplier cancelled;
  private ByteBuffer current;
  private boolean lastSeen;
  private long bytes;

  ChunkStream(
      Iterator<dev.jxdist.proto.v1.BlobChunk> chunks, String sha256, BooleanSupplier cancelled) {
    this.chunks = chunks;
    this.sha256 = sha256;
    this.cancelled = cancelled;
  }

  /** Bytes read so far. */
  long bytes() {
    return bytes;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || !current.hasRemaining()) {
      if (lastSeen) {
        return -1;
      }
      next();
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    bytes += n;
    return n;
  }

  private void next() throws IOException {
    if (cancelled.getAsBoolean()) {
      throw new InterruptedIOException("the fetch of blob " + sha256 + " was cancelled");
    }
    BlobChunk chunk;
    try {
      if (!chunks.hasNext()) {
        throw new IOException(
            "the coordinator ended the transfer before blob " + sha256 + " was complete");
      }
      chunk = JoinMapper.fromProto(chunks.next());
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      throw new IOException(
          "the coordinator failed the transfer of blob "
              + sha256
              + ": "
              + status.getCode()
              + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"),
          e);
    } catch (MalformedMessageException e) {
      throw new IOException("the coordinator sent a malformed chunk: " + e.getMessage(), e);
    }
    if (!chunk.sha256().equals(sha256)) {
      throw new IOException(
          "the coordinator sent blob " + chunk.sha256() + " where " + sha256 + " was expected");
    }
    current = chunk.data();
    lastSeen = chunk.last();
  }
}
