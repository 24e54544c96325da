package it.skipped;

import org.junit.jupiter.api.Test;

class NeverRunTest {
  @Test
  void never() {}
}
