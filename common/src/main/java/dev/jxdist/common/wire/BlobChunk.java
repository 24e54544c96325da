package dev.jxdist.common.wire;

import dev.jxdist.common.sync.ContentHash;
import java.nio.ByteBuffer;

/**
 * A piece of one blob on its way to a joiner. A blob's chunks travel one after the other; an empty
 * blob is one chunk without data.
 *
 * @param sha256 the blob
 * @param data the next bytes of it, read-only
 * @param last whether this is its last chunk
 */
public record BlobChunk(String sha256, ByteBuffer data, boolean last) {

  /** The most bytes one chunk carries. */
  public static final int MAX_BYTES = 1024 * 1024;

  public BlobChunk {
    ContentHash.requireValid(sha256);
    data = data.asReadOnlyBuffer();
    if (data.remaining() > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a chunk of blob "
              + sha256
              + " holds "
              + data.remaining()
              + " bytes, more than "
              + MAX_BYTES);
    }
  }

  @Override
  public String toString() {
    return "BlobChunk["
        + sha256.substring(0, 12)
        + ", "
        + data.remaining()
        + " bytes"
        + (last ? ", last" : "")
        + "]";
  }
}
