package dev.jxdist.common.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The fingerprint of a test plan: SHA-256 over each node's unique id, parent id and type, in plan
 * order. Two workers that discovered equal plans report equal hashes.
 */
public final class PlanHash {

  private PlanHash() {}

  /** The hex SHA-256 of {@code nodes} in the order given. */
  public static String of(List<TestNode> nodes) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    for (TestNode n : nodes) {
      sha.update(n.uniqueId().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(n.parentId().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(n.type().name().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
