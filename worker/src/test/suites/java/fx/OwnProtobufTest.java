package fx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Needs protobuf-java 3.25.x on the suite class path: the suite sees its own protobuf. */
class OwnProtobufTest {

  @Test
  void seesItsOwnProtobuf() throws Exception {
    Class<?> message = Class.forName("com.google.protobuf.Message");
    String where = message.getProtectionDomain().getCodeSource().getLocation().toString();
    assertTrue(where.contains("protobuf-java-3.25"), "protobuf loaded from " + where);
    // RuntimeVersion exists from protobuf 4 on, i.e. in the worker's own protobuf.
    assertThrows(
        ClassNotFoundException.class, () -> Class.forName("com.google.protobuf.RuntimeVersion"));
  }
}
