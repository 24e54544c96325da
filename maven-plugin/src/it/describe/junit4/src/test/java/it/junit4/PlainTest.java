package it.junit4;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class PlainTest {
  @Test
  public void adds() {
    assertEquals(4, 2 + 2);
  }
}
