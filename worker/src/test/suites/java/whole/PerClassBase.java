package whole;

import org.junit.jupiter.api.TestInstance;

/** A base class that makes its subclasses PER_CLASS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PerClassBase {}
