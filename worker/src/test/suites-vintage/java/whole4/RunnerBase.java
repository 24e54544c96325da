package whole4;

import org.junit.runner.RunWith;
import org.junit.runners.BlockJUnit4ClassRunner;

/** A base class that names a runner (inherited by its subclasses). */
@RunWith(BlockJUnit4ClassRunner.class)
public abstract class RunnerBase {}
