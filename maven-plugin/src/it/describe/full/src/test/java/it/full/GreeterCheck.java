package it.full;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class GreeterCheck {
  @Test
  void greets() {
    assertEquals("hello you", Greeter.greet("you"));
  }
}
