package dev.jxdist.common.wire;

import dev.jxdist.common.sync.ContentHash;
import java.util.List;

/**
 * A joiner's request for blobs, in the order they are to be sent. The token is never printed.
 *
 * @param token the run's secret
 * @param hashes the blobs' SHA-256 hashes
 */
public record FetchRequest(String token, List<String> hashes) {

  public FetchRequest {
    hashes = List.copyOf(hashes);
    hashes.forEach(ContentHash::requireValid);
  }

  @Override
  public String toString() {
    return "FetchRequest[" + hashes.size() + " blobs]";
  }
}
