package whole;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;

/** An interface that orders the methods of its implementations. */
@TestMethodOrder(MethodOrderer.MethodName.class)
interface OrderedContract {}
