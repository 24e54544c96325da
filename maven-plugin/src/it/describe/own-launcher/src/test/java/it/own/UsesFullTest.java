package it.own;

import static org.junit.jupiter.api.Assertions.assertEquals;

import it.full.Greeter;
import org.junit.jupiter.api.Test;

class UsesFullTest {
  @Test
  void greets() {
    assertEquals("hello own", Greeter.greet("own"));
  }
}
